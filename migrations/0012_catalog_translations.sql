-- The catalog in every language, and a search index that holds every language
-- (docs/decisions/015-multilingual-search.md). Hand-written: drizzle cannot express virtual
-- tables or triggers.
--
-- English (the default) stays in the products' and categories' own columns; a translation row
-- overrides them field by field, and reads fall back to English for whatever it leaves out (a
-- null description). `search_name` / `search_description` are the same text as the shopper
-- sees it, with the words of Japanese (and other space-less) runs separated by U+200B, which
-- the application computes at write time (workers/domain/word-segments.ts): SQL cannot.
CREATE TABLE `product_translations` (
	`product_id` text NOT NULL,
	`language` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`search_name` text NOT NULL,
	`search_description` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`product_id`, `language`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `category_translations` (
	`category_id` text NOT NULL,
	`language` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`category_id`, `language`),
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- The index is rebuilt with one row per product and language. products_trigram goes: typos are
-- now matched by edit distance against the index's vocabulary (products_fts_vocab), which,
-- unlike trigrams, neither misses swapped letters nor matches inside unrelated words.
DROP TRIGGER `products_fts_after_insert`;
--> statement-breakpoint
DROP TRIGGER `products_fts_after_update`;
--> statement-breakpoint
DROP TRIGGER `products_fts_after_delete`;
--> statement-breakpoint
DROP TABLE `products_trigram`;
--> statement-breakpoint
DROP TABLE `products_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `products_fts` USING fts5(
	`product_id` UNINDEXED,
	`language` UNINDEXED,
	`name`,
	`brand`,
	`description`,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
--> statement-breakpoint
-- Every distinct indexed word with the number of rows holding it: the typo matcher's vocabulary.
CREATE VIRTUAL TABLE `products_fts_vocab` USING fts5vocab(`products_fts`, 'row');
--> statement-breakpoint
INSERT INTO `products_fts` (`product_id`, `language`, `name`, `brand`, `description`)
	SELECT `id`, 'en', `name`, coalesce(`brand`, ''), `description` FROM `products`;
--> statement-breakpoint
CREATE TRIGGER `products_fts_after_insert` AFTER INSERT ON `products` BEGIN
	INSERT INTO `products_fts` (`product_id`, `language`, `name`, `brand`, `description`)
		VALUES (new.`id`, 'en', new.`name`, coalesce(new.`brand`, ''), new.`description`);
END;
--> statement-breakpoint
-- The brand is in every language's row, so a product change rewrites them all.
CREATE TRIGGER `products_fts_after_update` AFTER UPDATE OF `name`, `brand`, `description` ON `products` BEGIN
	DELETE FROM `products_fts` WHERE `product_id` = old.`id`;
	INSERT INTO `products_fts` (`product_id`, `language`, `name`, `brand`, `description`)
		VALUES (new.`id`, 'en', new.`name`, coalesce(new.`brand`, ''), new.`description`);
	INSERT INTO `products_fts` (`product_id`, `language`, `name`, `brand`, `description`)
		SELECT t.`product_id`, t.`language`, t.`search_name`, coalesce(new.`brand`, ''), t.`search_description`
		FROM `product_translations` t WHERE t.`product_id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_after_delete` AFTER DELETE ON `products` BEGIN
	DELETE FROM `products_fts` WHERE `product_id` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `product_translations_fts_after_insert` AFTER INSERT ON `product_translations` BEGIN
	INSERT INTO `products_fts` (`product_id`, `language`, `name`, `brand`, `description`)
		SELECT new.`product_id`, new.`language`, new.`search_name`, coalesce(p.`brand`, ''), new.`search_description`
		FROM `products` p WHERE p.`id` = new.`product_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `product_translations_fts_after_update` AFTER UPDATE ON `product_translations` BEGIN
	DELETE FROM `products_fts` WHERE `product_id` = old.`product_id` AND `language` = old.`language`;
	INSERT INTO `products_fts` (`product_id`, `language`, `name`, `brand`, `description`)
		SELECT new.`product_id`, new.`language`, new.`search_name`, coalesce(p.`brand`, ''), new.`search_description`
		FROM `products` p WHERE p.`id` = new.`product_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `product_translations_fts_after_delete` AFTER DELETE ON `product_translations` BEGIN
	DELETE FROM `products_fts` WHERE `product_id` = old.`product_id` AND `language` = old.`language`;
END;
