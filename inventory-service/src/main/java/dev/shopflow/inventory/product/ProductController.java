package dev.shopflow.inventory.product;

import java.util.LinkedHashSet;
import java.util.List;

import dev.shopflow.inventory.InventoryProperties;
import dev.shopflow.web.Paging;
import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/products")
class ProductController {

	private final ProductRepository products;

	private final InventoryProperties properties;

	ProductController(ProductRepository products, InventoryProperties properties) {
		this.products = products;
		this.properties = properties;
	}

	/**
	 * A page of the catalogue by SKU, or the products named by {@code sku} parameters.
	 * The paging applies to the catalogue only: a lookup answers every product it names,
	 * as the order service needs to price a whole order, and is bounded by the number of
	 * names instead.
	 */
	@GetMapping
	List<Product> list(@RequestParam(name = "sku", required = false) List<String> skus, @Valid Paging paging) {
		if (skus == null) {
			return this.products.findAll(paging.offset(), paging.size());
		}
		// Same bound as a reservation: the order service asks for exactly the SKUs of one
		// order, and an unbounded IN list is an easy way to hurt the database.
		if (skus.size() > this.properties.maxLinesPerReservation()) {
			throw new TooManySkusException(this.properties.maxLinesPerReservation());
		}
		return this.products.findBySkus(new LinkedHashSet<>(skus));
	}

	@GetMapping("/{sku}")
	Product get(@PathVariable String sku) {
		return this.products.findBySku(sku).orElseThrow(() -> new ProductNotFoundException(sku));
	}

}
