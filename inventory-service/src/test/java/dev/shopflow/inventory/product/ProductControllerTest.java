package dev.shopflow.inventory.product;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.shopflow.inventory.web.WebLayerTestConfiguration;
import dev.shopflow.web.testing.DatabaseFailures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(ProductController.class)
@Import(WebLayerTestConfiguration.class)
class ProductControllerTest {

	private static final Product MUG = new Product("MUG-001", "ShopFlow mug", new BigDecimal("12.50"), "EUR", 248, 2);

	private final MockMvcTester mvc;

	@MockitoBean
	private ProductRepository products;

	ProductControllerTest(@Autowired MockMvcTester mvc) {
		this.mvc = mvc;
	}

	@Test
	void listsTheFirstPageOfProductsWithPriceAndStock() {
		given(this.products.findAll(0, 20)).willReturn(List.of(MUG));

		assertThat(this.mvc.get().uri("/api/products")).hasStatusOk().bodyJson().isStrictlyEqualTo("""
				[{"sku": "MUG-001", "name": "ShopFlow mug", "unitPrice": 12.50, "currency": "EUR",
				  "available": 248, "reserved": 2}]
				""");
	}

	@Test
	void listsTheRequestedPage() {
		assertThat(this.mvc.get().uri("/api/products?page=2&size=100")).hasStatusOk();

		then(this.products).should().findAll(200, 100);
	}

	@Test
	void refusesAPageLargerThanTheBound() {
		assertThat(this.mvc.get().uri("/api/products?size=101")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "urn:shopflow:problem:invalid-request",
					 "errors": [{"field": "size", "message": "must be less than or equal to 100"}]}
					""");
		verifyNoInteractions(this.products);
	}

	@ParameterizedTest
	@MethodSource("dev.shopflow.web.testing.DatabaseFailures#unreachable")
	void answers503WithRetryAfterWhenTheDatabaseIsUnreachable(RuntimeException failure) throws Exception {
		given(this.products.findBySku("MUG-001")).willThrow(failure);

		DatabaseFailures.assertServiceUnavailable(this.mvc.get().uri("/api/products/MUG-001").exchange().getResponse());
	}

	@Test
	void filtersByRepeatedSkuParameters() {
		given(this.products.findBySkus(Set.of("MUG-001", "NOPE-1"))).willReturn(List.of(MUG));

		assertThat(this.mvc.get().uri("/api/products?sku=MUG-001&sku=NOPE-1")).hasStatusOk()
			.bodyJson()
			.extractingPath("$[*].sku")
			.asArray()
			.containsExactly("MUG-001");
		then(this.products).should().findBySkus(Set.of("MUG-001", "NOPE-1"));
	}

	@Test
	void rejectsMoreSkuParametersThanAllowed() {
		String query = IntStream.rangeClosed(1, 51).mapToObj((i) -> "sku=S-" + i).collect(Collectors.joining("&"));

		assertThat(this.mvc.get().uri("/api/products?" + query)).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "urn:shopflow:problem:invalid-request",
					 "detail": "At most 50 sku parameters are allowed",
					 "errors": [{"field": "sku"}]}
					""");
		verifyNoInteractions(this.products);
	}

	@Test
	void answersNotFoundForUnknownProduct() {
		given(this.products.findBySku("NOPE-1")).willReturn(Optional.empty());

		assertThat(this.mvc.get().uri("/api/products/NOPE-1")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "urn:shopflow:problem:product-not-found", "title": "Product not found", "status": 404,
					 "skus": ["NOPE-1"]}
					""");
	}

}
