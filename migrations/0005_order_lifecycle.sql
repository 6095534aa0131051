ALTER TABLE `order_history` ADD `event_key` text;--> statement-breakpoint
ALTER TABLE `order_history` ADD `kind` text;--> statement-breakpoint
ALTER TABLE `order_history` ADD `from_status` text;--> statement-breakpoint
ALTER TABLE `order_history` ADD `details` text;--> statement-breakpoint
ALTER TABLE `order_history` ADD `nonce` text;--> statement-breakpoint
ALTER TABLE `order_history` ADD `effects_done_at` text;--> statement-breakpoint
CREATE UNIQUE INDEX `order_history_event_key_unique` ON `order_history` (`event_key`);--> statement-breakpoint
CREATE INDEX `order_history_effects_pending_idx` ON `order_history` (`effects_done_at`,`created_at`);--> statement-breakpoint
ALTER TABLE `orders` ADD `payment_id` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `reservation_id` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `card_token` text;--> statement-breakpoint
-- Existing orders: their one payment is the attempt in force, charging the order's own hold and token.
UPDATE `orders` SET `payment_id` = (SELECT `id` FROM `payments` WHERE `payments`.`order_id` = `orders`.`id` ORDER BY `created_at` DESC LIMIT 1);--> statement-breakpoint
UPDATE `payments` SET `reservation_id` = (SELECT `reservation_id` FROM `orders` WHERE `orders`.`id` = `payments`.`order_id`), `card_token` = (SELECT `payment_token` FROM `orders` WHERE `orders`.`id` = `payments`.`order_id`);--> statement-breakpoint
-- History written before events existed had its effects applied inline.
UPDATE `order_history` SET `effects_done_at` = `created_at`;
