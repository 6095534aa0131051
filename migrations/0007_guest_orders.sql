-- Guest checkout (docs/decisions/012-guest-checkout.md): an order may belong to no account.
-- `user_id` becomes nullable, and an order records the guest's email, the SHA-256 of the order
-- token handed out at checkout, and the guest cart it was bought from. `order_links` holds the
-- hashes of the tokens put in emailed links.
--
-- SQLite cannot drop NOT NULL in place, so `orders` is rebuilt. Hand-written, because D1
-- enforces foreign keys in every migration (PRAGMA foreign_keys = OFF is ignored there): the
-- implicit DELETE that DROP TABLE runs would fire ON DELETE CASCADE and empty `order_lines` and
-- `order_history`. So every row of the three tables is set aside first and put back once the
-- new `orders` exists; defer_foreign_keys lets `payments` and `refunds` point at missing rows
-- meanwhile, and they are checked when the migration commits. The orders are put back after the
-- DROP (not copied into a table renamed later), because SQLite counts deferred violations: only
-- parent rows inserted after the DROP settle the ones it counted.
PRAGMA defer_foreign_keys = on;--> statement-breakpoint
-- Whole rows (SELECT *), so columns another migration added to the children survive too.
CREATE TABLE `__keep_orders` AS SELECT * FROM `orders`;--> statement-breakpoint
CREATE TABLE `__keep_order_lines` AS SELECT * FROM `order_lines`;--> statement-breakpoint
CREATE TABLE `__keep_order_history` AS SELECT * FROM `order_history`;--> statement-breakpoint
DROP TABLE `orders`;--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`user_id` text,
	`guest_email` text,
	`guest_token_hash` text,
	`guest_cart_id` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`payment_status` text DEFAULT 'pending' NOT NULL,
	`subtotal_cents` integer NOT NULL,
	`tax_cents` integer DEFAULT 0 NOT NULL,
	`shipping_cents` integer DEFAULT 0 NOT NULL,
	`total_cents` integer NOT NULL,
	`refunded_cents` integer DEFAULT 0 NOT NULL,
	`currency` text DEFAULT 'USD' NOT NULL,
	`shipping_address` text NOT NULL,
	`billing_address` text,
	`payment_token` text,
	`reservation_id` text NOT NULL,
	`reservation_expires_at` text NOT NULL,
	`payment_id` text,
	`carrier` text,
	`tracking_number` text,
	`paid_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "orders_owner_present" CHECK(`user_id` IS NOT NULL OR `guest_email` IS NOT NULL)
);--> statement-breakpoint
INSERT INTO `orders` (`id`, `number`, `user_id`, `status`, `payment_status`, `subtotal_cents`, `tax_cents`, `shipping_cents`, `total_cents`, `refunded_cents`, `currency`, `shipping_address`, `billing_address`, `payment_token`, `reservation_id`, `reservation_expires_at`, `payment_id`, `carrier`, `tracking_number`, `paid_at`, `created_at`, `updated_at`)
SELECT `id`, `number`, `user_id`, `status`, `payment_status`, `subtotal_cents`, `tax_cents`, `shipping_cents`, `total_cents`, `refunded_cents`, `currency`, `shipping_address`, `billing_address`, `payment_token`, `reservation_id`, `reservation_expires_at`, `payment_id`, `carrier`, `tracking_number`, `paid_at`, `created_at`, `updated_at` FROM `__keep_orders`;--> statement-breakpoint
INSERT INTO `order_lines` SELECT * FROM `__keep_order_lines`;--> statement-breakpoint
INSERT INTO `order_history` SELECT * FROM `__keep_order_history`;--> statement-breakpoint
DROP TABLE `__keep_orders`;--> statement-breakpoint
DROP TABLE `__keep_order_lines`;--> statement-breakpoint
DROP TABLE `__keep_order_history`;--> statement-breakpoint
CREATE UNIQUE INDEX `orders_number_unique` ON `orders` (`number`);--> statement-breakpoint
CREATE INDEX `orders_user_created_idx` ON `orders` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_status_created_idx` ON `orders` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_created_idx` ON `orders` (`created_at`);--> statement-breakpoint
CREATE INDEX `orders_paid_at_idx` ON `orders` (`paid_at`);--> statement-breakpoint
-- Order lookup and attaching at sign-in find a guest's orders by address.
CREATE INDEX `orders_guest_email_created_idx` ON `orders` (`guest_email`,`created_at`);--> statement-breakpoint
CREATE TABLE `order_links` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`opened_at` text,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);--> statement-breakpoint
CREATE UNIQUE INDEX `order_links_token_hash_unique` ON `order_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `order_links_order_idx` ON `order_links` (`order_id`);
