INSERT INTO product (sku, name, unit_price, currency, available, reserved, sold) VALUES
	('BOOK-001', 'Domain-Driven Design', 45.00, 'EUR', 100, 0, 0),
	('MUG-001', 'ShopFlow mug', 12.50, 'EUR', 250, 0, 0),
	('KEYB-001', 'Mechanical keyboard', 129.00, 'EUR', 20, 0, 0),
	('LAMP-001', 'Desk lamp', 39.90, 'EUR', 15, 0, 0),
	('GPU-001', 'Graphics card', 899.00, 'EUR', 0, 0, 0);
