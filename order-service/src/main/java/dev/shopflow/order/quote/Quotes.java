package dev.shopflow.order.quote;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.shopflow.events.Quote;
import dev.shopflow.order.downstream.DownstreamUnavailableException;
import dev.shopflow.order.inventory.InventoryClient;
import dev.shopflow.order.inventory.InventoryRequests;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Service;

/**
 * Price and availability of a quantity of one SKU, asked of inventory-service over either
 * channel. Both give the same answer, so the two can be compared under the same load;
 * each is timed separately ({@code shopflow.quotes{via}}).
 */
@Service
public class Quotes {

	private final InventoryRequests requests;

	private final InventoryClient catalogue;

	private final MeterRegistry meters;

	Quotes(InventoryRequests requests, InventoryClient catalogue, MeterRegistry meters) {
		this.requests = requests;
		this.catalogue = catalogue;
		this.meters = meters;
	}

	/**
	 * @return the quote, empty when inventory-service does not know the SKU
	 * @throws DownstreamUnavailableException when inventory-service gave no answer
	 */
	public Optional<Quote> quote(String sku, int quantity, Via via) {
		Timer.Sample sample = Timer.start(this.meters);
		try {
			return switch (via) {
				case RABBITMQ -> Optional.of(this.requests.quote(sku, quantity)).filter(Quote::known);
				case REST -> Optional.ofNullable(this.catalogue.products(List.of(sku)).get(sku))
					.map((product) -> new Quote(sku, quantity, true, product.unitPrice(), product.currency(),
							product.available(), product.available() >= quantity));
			};
		}
		finally {
			sample.stop(Timer.builder("shopflow.quotes")
				.description("Quotes asked of inventory-service, by channel")
				.tag("via", via.tag())
				.publishPercentileHistogram()
				.register(this.meters));
		}
	}

	/** The channel a quote is asked over. */
	public enum Via {

		/** Request-reply over RabbitMQ. */
		RABBITMQ,

		/** inventory-service's catalogue over HTTP. */
		REST;

		/** As it is written in a query parameter and a metric tag. */
		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static Via of(String tag) {
			return valueOf(tag.toUpperCase(Locale.ROOT));
		}

	}

}
