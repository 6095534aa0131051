-- Carts started per day, for the admin dashboard's share of carts that become orders.
-- Carts live in Durable Objects, so D1 has no row per cart; the cart route adds one here when
-- a cart gets its first line (an empty cart, then an item). Days are UTC, YYYY-MM-DD. Counting
-- starts with this migration: earlier days have no row.
CREATE TABLE `cart_starts` (
	`day` text PRIMARY KEY NOT NULL,
	`carts` integer DEFAULT 0 NOT NULL CHECK (`carts` >= 0)
);
