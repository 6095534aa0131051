-- Saved addresses (the address book). Hand-written: orders copy an address into their own
-- JSON columns, so nothing references this table and deleting a row never touches an order.
CREATE TABLE `addresses` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`line1` text NOT NULL,
	`line2` text,
	`city` text NOT NULL,
	`region` text,
	`postal_code` text NOT NULL,
	`country` text NOT NULL,
	`phone` text,
	`is_default_shipping` integer DEFAULT 0 NOT NULL,
	`is_default_billing` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);--> statement-breakpoint
CREATE INDEX `addresses_user_created_idx` ON `addresses` (`user_id`,`created_at`);--> statement-breakpoint
-- At most one default of each kind per shopper, whatever races the writes.
CREATE UNIQUE INDEX `addresses_default_shipping_unique` ON `addresses` (`user_id`) WHERE `is_default_shipping` = 1;--> statement-breakpoint
CREATE UNIQUE INDEX `addresses_default_billing_unique` ON `addresses` (`user_id`) WHERE `is_default_billing` = 1;
