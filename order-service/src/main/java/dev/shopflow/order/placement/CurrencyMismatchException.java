package dev.shopflow.order.placement;

public class CurrencyMismatchException extends RuntimeException {

	CurrencyMismatchException(String orderCurrency, String sku, String priceCurrency) {
		super("The order is in " + orderCurrency + " but " + sku + " is priced in " + priceCurrency);
	}

}
