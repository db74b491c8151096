package dev.shopflow.inventory.product;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the catalogue. Stock changes go through {@link ProductStock}.
 */
@Repository
class ProductRepository {

	private static final String SELECT_PRODUCT = """
			SELECT sku, name, unit_price, currency, available, reserved
			FROM product
			""";

	private final JdbcClient jdbc;

	ProductRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The catalogue by SKU, the {@code limit} products after the first {@code offset}.
	 */
	List<Product> findAll(long offset, int limit) {
		return this.jdbc.sql(SELECT_PRODUCT + "ORDER BY sku COLLATE \"C\" LIMIT :limit OFFSET :offset")
			.param("limit", limit)
			.param("offset", offset)
			.query(Product.class)
			.list();
	}

	List<Product> findBySkus(Collection<String> skus) {
		if (skus.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql(SELECT_PRODUCT + "WHERE sku IN (:skus) ORDER BY sku COLLATE \"C\"")
			.param("skus", skus)
			.query(Product.class)
			.list();
	}

	Optional<Product> findBySku(String sku) {
		return this.jdbc.sql(SELECT_PRODUCT + "WHERE sku = :sku").param("sku", sku).query(Product.class).optional();
	}

}
