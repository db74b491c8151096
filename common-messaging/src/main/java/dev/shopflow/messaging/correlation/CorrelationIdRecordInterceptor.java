package dev.shopflow.messaging.correlation;

import java.nio.charset.StandardCharsets;

import dev.shopflow.events.ShopflowHeaders;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.MDC;

import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Carries the correlation id of a consumed event into the MDC while its listener runs, so
 * the listener's logs and the events it causes share the id of the original request.
 */
public class CorrelationIdRecordInterceptor implements RecordInterceptor<Object, Object> {

	@Override
	public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
			Consumer<Object, Object> consumer) {
		Header header = record.headers().lastHeader(ShopflowHeaders.EVENT_CORRELATION_ID);
		String id = (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
		MDC.put(Correlation.MDC_KEY, Correlation.acceptOrNew(id));
		return record;
	}

	@Override
	public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
		MDC.remove(Correlation.MDC_KEY);
	}

}
