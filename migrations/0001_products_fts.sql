-- Full-text search over the catalog (hand-written: drizzle cannot express virtual tables).
-- products_fts ranks with BM25 (name weighted above brand above description) and indexes
-- 2- and 3-character prefixes for search-as-you-type. products_trigram indexes names as
-- trigrams so a misspelt word still finds its product. Both are kept in step by triggers,
-- so every write path (API, seed, migrations) updates them without application code.
CREATE VIRTUAL TABLE `products_fts` USING fts5(
	`product_id` UNINDEXED,
	`name`,
	`brand`,
	`description`,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `products_trigram` USING fts5(
	`product_id` UNINDEXED,
	`name`,
	tokenize = 'trigram'
);
--> statement-breakpoint
CREATE TRIGGER `products_fts_after_insert` AFTER INSERT ON `products` BEGIN
	INSERT INTO `products_fts` (`product_id`, `name`, `brand`, `description`)
		VALUES (new.`id`, new.`name`, coalesce(new.`brand`, ''), new.`description`);
	INSERT INTO `products_trigram` (`product_id`, `name`) VALUES (new.`id`, new.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_after_update` AFTER UPDATE OF `name`, `brand`, `description` ON `products` BEGIN
	DELETE FROM `products_fts` WHERE `product_id` = old.`id`;
	DELETE FROM `products_trigram` WHERE `product_id` = old.`id`;
	INSERT INTO `products_fts` (`product_id`, `name`, `brand`, `description`)
		VALUES (new.`id`, new.`name`, coalesce(new.`brand`, ''), new.`description`);
	INSERT INTO `products_trigram` (`product_id`, `name`) VALUES (new.`id`, new.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_after_delete` AFTER DELETE ON `products` BEGIN
	DELETE FROM `products_fts` WHERE `product_id` = old.`id`;
	DELETE FROM `products_trigram` WHERE `product_id` = old.`id`;
END;
