-- A code issued to one named customer: the account with this email, or a guest checking out with it.
ALTER TABLE `promotions` ADD `customer_email` text;
