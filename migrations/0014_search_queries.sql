-- Searches shoppers ran that found products, per language, for the search box's "popular
-- searches" suggestions (decision 023). A query is stored folded (lower case, no diacritics,
-- words one space apart), so "Crew Tee" and "crew  tee" are one row. Only searches that found
-- products by their own words are counted, so every stored word is a word of the catalog.
-- Written after the answer (waitUntil), capped per language and forgotten after 90 days.
CREATE TABLE `search_queries` (
	`language` text NOT NULL,
	`query` text NOT NULL CHECK (length(`query`) BETWEEN 1 AND 100),
	`searches` integer DEFAULT 1 NOT NULL CHECK (`searches` >= 1),
	`results` integer NOT NULL CHECK (`results` >= 1),
	`last_searched_at` text NOT NULL,
	PRIMARY KEY (`language`, `query`)
);
--> statement-breakpoint
CREATE INDEX `search_queries_popular` ON `search_queries` (`language`, `searches` DESC, `last_searched_at` DESC);
