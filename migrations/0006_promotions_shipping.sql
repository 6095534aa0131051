-- Promotions, shipping zones and methods, and what an order was discounted and shipped by
-- (docs/decisions/011-promotions-and-shipping.md). Hand-written.
--
-- The order's own figures (discount total, applied discounts, shipping method) live in
-- `order_pricing`, one row per order, not in new `orders` columns: 0007 rebuilds `orders` with
-- a fixed column list, which would drop them. It has no foreign key for the same reason (the
-- rebuild's DROP TABLE would cascade into it). Line discounts are a column of `order_lines`,
-- which 0007 copies whole.
CREATE TABLE `promotions` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`code` text,
	`kind` text NOT NULL,
	`value` integer,
	`applies_to` text,
	`min_subtotal_cents` integer,
	`starts_at` text,
	`ends_at` text,
	`usage_limit` integer,
	`per_customer_limit` integer,
	`exclusive` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`buy_quantity` integer,
	`get_quantity` integer,
	`max_applications` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);--> statement-breakpoint
-- Codes are stored upper-cased, so this is a case-insensitive uniqueness.
CREATE UNIQUE INDEX `promotions_code_unique` ON `promotions` (`code`);--> statement-breakpoint
CREATE INDEX `promotions_active_idx` ON `promotions` (`active`,`code`);--> statement-breakpoint
CREATE TABLE `promotion_redemptions` (
	`id` text PRIMARY KEY NOT NULL,
	`promotion_id` text NOT NULL,
	`order_id` text NOT NULL,
	`user_id` text,
	`email` text,
	`code` text,
	`amount_cents` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'reserved' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`promotion_id`) REFERENCES `promotions`(`id`) ON UPDATE no action ON DELETE no action
);--> statement-breakpoint
CREATE UNIQUE INDEX `promotion_redemptions_promotion_order_unique` ON `promotion_redemptions` (`promotion_id`,`order_id`);--> statement-breakpoint
CREATE INDEX `promotion_redemptions_order_idx` ON `promotion_redemptions` (`order_id`);--> statement-breakpoint
CREATE INDEX `promotion_redemptions_user_idx` ON `promotion_redemptions` (`promotion_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `promotion_redemptions_email_idx` ON `promotion_redemptions` (`promotion_id`,`email`);--> statement-breakpoint
CREATE TABLE `shipping_zones` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`countries` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);--> statement-breakpoint
CREATE TABLE `shipping_methods` (
	`id` text PRIMARY KEY NOT NULL,
	`zone_id` text NOT NULL,
	`name` text NOT NULL,
	`rate` text NOT NULL,
	`free_over_cents` integer,
	`min_days` integer,
	`max_days` integer,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`zone_id`) REFERENCES `shipping_zones`(`id`) ON UPDATE no action ON DELETE cascade
);--> statement-breakpoint
CREATE INDEX `shipping_methods_zone_idx` ON `shipping_methods` (`zone_id`,`position`);--> statement-breakpoint
CREATE TABLE `order_pricing` (
	`order_id` text PRIMARY KEY NOT NULL,
	`discount_cents` integer DEFAULT 0 NOT NULL,
	`discounts` text DEFAULT '[]' NOT NULL,
	`shipping_method_id` text,
	`shipping_method_name` text
);--> statement-breakpoint
ALTER TABLE `order_lines` ADD `discount_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The store's rule before zones existed, as data: Standard $5.99, free from $75, to the
-- countries it ships to. Existing clients that name no method keep getting it.
INSERT INTO `shipping_zones` (`id`, `name`, `countries`, `position`) VALUES ('shz_default', 'Everywhere we ship', '["US","CA","GB","IE","DE","FR","NL","ES","IT","AU","NZ","JP"]', 0);--> statement-breakpoint
INSERT INTO `shipping_methods` (`id`, `zone_id`, `name`, `rate`, `free_over_cents`, `min_days`, `max_days`, `position`) VALUES ('shm_standard', 'shz_default', 'Standard', '{"kind":"flat","amountCents":599}', 7500, 3, 7, 0);
