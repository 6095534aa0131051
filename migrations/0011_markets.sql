-- Markets: where a shopper is decides the currency, the languages, how tax is shown and
-- charged, and which shipping zones apply (docs/decisions/013-markets.md). Prices in a market
-- are the base (USD) price converted by the market's exchange rate and rounding rule, unless an
-- admin set one in `variant_prices`. The base market's prices are the base prices themselves.
CREATE TABLE `markets` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`currency` text NOT NULL,
	`countries` text DEFAULT '[]' NOT NULL,
	`languages` text DEFAULT '["en"]' NOT NULL,
	`default_language` text DEFAULT 'en' NOT NULL,
	`tax_inclusive` integer DEFAULT false NOT NULL,
	`tax_rates` text DEFAULT '{}' NOT NULL,
	`tax_shipping` integer DEFAULT true NOT NULL,
	`exchange_rate_micros` integer DEFAULT 1000000 NOT NULL,
	`rounding` text DEFAULT 'exact' NOT NULL,
	`is_base` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "markets_rate_positive" CHECK("exchange_rate_micros" > 0)
);
--> statement-breakpoint
CREATE TABLE `variant_prices` (
	`market_id` text NOT NULL,
	`sku` text NOT NULL,
	`price_minor` integer NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`market_id`, `sku`),
	FOREIGN KEY (`market_id`) REFERENCES `markets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sku`) REFERENCES `product_variants`(`sku`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "variant_prices_nonnegative" CHECK("price_minor" >= 0)
);
--> statement-breakpoint
CREATE INDEX `variant_prices_sku_idx` ON `variant_prices` (`sku`);
--> statement-breakpoint
ALTER TABLE `shipping_zones` ADD `market_id` text DEFAULT 'us' NOT NULL;
--> statement-breakpoint
CREATE INDEX `shipping_zones_market_idx` ON `shipping_zones` (`market_id`, `position`);
--> statement-breakpoint
ALTER TABLE `order_pricing` ADD `market_id` text DEFAULT 'us' NOT NULL;
--> statement-breakpoint
ALTER TABLE `order_pricing` ADD `language` text DEFAULT 'en' NOT NULL;
--> statement-breakpoint
ALTER TABLE `order_pricing` ADD `tax_inclusive` integer DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE `order_pricing` ADD `tax_rates` text DEFAULT '[]' NOT NULL;
--> statement-breakpoint
-- The four markets the store opens with. The United States is the base: its prices are the
-- catalog's, tax is added at checkout, and it also serves every country no other market lists.
INSERT INTO `markets` (`id`, `name`, `currency`, `countries`, `languages`, `default_language`, `tax_inclusive`, `tax_rates`, `tax_shipping`, `exchange_rate_micros`, `rounding`, `is_base`, `position`) VALUES
	('us', 'United States', 'USD', '["US"]', '["en"]', 'en', false, '{"US":0,"CA":500,"GB":2000,"IE":2300,"DE":1900,"FR":2000,"NL":2100,"ES":2100,"IT":2200,"AU":1000,"NZ":1500,"JP":1000}', true, 1000000, 'exact', true, 0),
	('eu', 'Eurozone', 'EUR', '["DE","FR","NL","ES","IT","IE","AT","BE","FI","PT","LU"]', '["de","fr"]', 'de', true, '{"DE":1900,"FR":2000,"NL":2100,"ES":2100,"IT":2200,"IE":2300,"AT":2000,"BE":2100,"FI":2550,"PT":2300,"LU":1700}', true, 920000, 'ninety_nine', false, 1),
	('gb', 'United Kingdom', 'GBP', '["GB"]', '["en"]', 'en', true, '{"GB":2000}', true, 790000, 'ninety_nine', false, 2),
	('jp', 'Japan', 'JPY', '["JP"]', '["ja"]', 'ja', true, '{"JP":1000}', true, 150000000, 'tens', false, 3);
--> statement-breakpoint
INSERT INTO `shipping_zones` (`id`, `name`, `countries`, `position`, `market_id`) VALUES
	('shz_eurozone', 'Eurozone', '["DE","FR","NL","ES","IT","IE","AT","BE","FI","PT","LU"]', 0, 'eu'),
	('shz_united_kingdom', 'United Kingdom', '["GB"]', 0, 'gb'),
	('shz_japan', 'Japan', '["JP"]', 0, 'jp');
--> statement-breakpoint
INSERT INTO `shipping_methods` (`id`, `zone_id`, `name`, `rate`, `free_over_cents`, `min_days`, `max_days`, `position`) VALUES
	('shm_eurozone_standard', 'shz_eurozone', 'Standard', '{"kind":"flat","amountCents":599}', 7500, 3, 6, 0),
	('shm_eurozone_express', 'shz_eurozone', 'Express', '{"kind":"flat","amountCents":1499}', NULL, 1, 2, 1),
	('shm_uk_standard', 'shz_united_kingdom', 'Standard', '{"kind":"flat","amountCents":499}', 6000, 2, 4, 0),
	('shm_uk_express', 'shz_united_kingdom', 'Express', '{"kind":"flat","amountCents":1299}', NULL, 1, 1, 1),
	('shm_japan_standard', 'shz_japan', 'Standard', '{"kind":"flat","amountCents":800}', 10000, 2, 4, 0),
	('shm_japan_express', 'shz_japan', 'Express', '{"kind":"flat","amountCents":1800}', NULL, 1, 1, 1);
