package dev.shopflow.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopflow.events.Topics;
import dev.shopflow.messaging.correlation.CorrelationIdFilter;
import dev.shopflow.messaging.inbox.InboxConfiguration;
import dev.shopflow.messaging.outbox.OutboxConfiguration;
import dev.shopflow.messaging.rabbit.RabbitConfiguration;
import dev.shopflow.messaging.correlation.CorrelationIdRecordInterceptor;
import dev.shopflow.messaging.kafka.DeadLetters;
import dev.shopflow.messaging.kafka.EventSerialization;
import dev.shopflow.messaging.kafka.PartitionPausingBackOff;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.amqp.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.kafka.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.autoconfigure.kafka.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Wires the shared messaging mechanisms into a service: its Kafka producer and consumers,
 * the error handler with dead-letter topics, the topics themselves, the inbox, the outbox
 * and its relay (where {@code shopflow.messaging.outbox.enabled}), RabbitMQ with
 * confirmed publishing and retry tiers, and correlation ids.
 */
@AutoConfiguration(before = RabbitAutoConfiguration.class)
@EnableConfigurationProperties(MessagingProperties.class)
@EnableScheduling
@Import({ InboxConfiguration.class, OutboxConfiguration.class, RabbitConfiguration.class })
public class MessagingAutoConfiguration {

	/**
	 * Every producer is idempotent and waits for all in-sync replicas: a retry inside the
	 * client cannot duplicate or reorder an event, and an acknowledged event survives the
	 * loss of a broker. Blocking is bounded so a Kafka outage fails a relay round quickly
	 * instead of holding it for the client's default minute.
	 */
	@Bean
	DefaultKafkaProducerFactoryCustomizer shopflowProducer(ObjectMapper objectMapper, MessagingProperties properties) {
		int timeout = (int) properties.outbox().sendTimeout().toMillis();
		return (factory) -> {
			factory
				.updateConfigs(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
						ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout,
						ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * timeout, ProducerConfig.LINGER_MS_CONFIG, 0));
			@SuppressWarnings("unchecked")
			DefaultKafkaProducerFactory<String, Object> typed = (DefaultKafkaProducerFactory<String, Object>) factory;
			typed.setKeySerializer(new StringSerializer());
			typed.setValueSerializer(EventSerialization.valueSerializer(objectMapper));
		};
	}

	/**
	 * A new consumer group starts at the beginning of the retained log (its inbox makes
	 * re-reading harmless), and offsets are committed by the container after each batch
	 * of processed records, never by the client on a timer.
	 */
	@Bean
	DefaultKafkaConsumerFactoryCustomizer shopflowConsumer(ObjectMapper objectMapper) {
		return (factory) -> {
			factory.updateConfigs(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
					ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
			@SuppressWarnings("unchecked")
			DefaultKafkaConsumerFactory<String, Object> typed = (DefaultKafkaConsumerFactory<String, Object>) factory;
			typed.setKeyDeserializer(new StringDeserializer());
			typed.setValueDeserializer(EventSerialization.valueDeserializer(objectMapper));
		};
	}

	@Bean
	DependencyWaits dependencyWaits(MeterRegistry meters) {
		return new DependencyWaits(meters);
	}

	@Bean
	PartitionPausingBackOff partitionPausingBackOff() {
		return new PartitionPausingBackOff();
	}

	@Bean
	DefaultErrorHandler shopflowErrorHandler(KafkaOperations<Object, Object> kafkaTemplate,
			MessagingProperties properties, PartitionPausingBackOff pausing, DependencyWaits waits,
			MeterRegistry meters) {
		return DeadLetters.errorHandler(kafkaTemplate, properties.retry(), pausing, waits, meters);
	}

	/**
	 * The one record interceptor Boot gives every listener container: the correlation id
	 * in the MDC, and a listener that processed a record is no longer waiting for a
	 * dependency.
	 */
	@Bean
	RecordInterceptor<Object, Object> shopflowRecordInterceptor(DependencyWaits waits) {
		RecordInterceptor<Object, Object> resumed = new RecordInterceptor<>() {

			@Override
			public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
					Consumer<Object, Object> consumer) {
				return record;
			}

			@Override
			public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
				waits.resumed(record.topic());
			}

		};
		return new CompositeRecordInterceptor<>(new CorrelationIdRecordInterceptor(), resumed);
	}

	/**
	 * Every service declares every event topic and dead-letter topic, so none depends on
	 * another having started first; creating an existing topic does nothing.
	 */
	@Bean
	KafkaAdmin.NewTopics shopflowTopics(MessagingProperties properties) {
		String retention = String.valueOf(Duration.ofDays(Topics.RETENTION_DAYS).toMillis());
		return new KafkaAdmin.NewTopics(Stream
			.of(Topics.ORDER_EVENTS, Topics.ORDER_EVENTS_DLT, Topics.PAYMENT_EVENTS, Topics.PAYMENT_EVENTS_DLT)
			.map((name) -> TopicBuilder.name(name)
				.partitions(Topics.PARTITIONS)
				.replicas(properties.replicationFactor())
				.config(TopicConfig.RETENTION_MS_CONFIG, retention)
				.build())
			.toArray(NewTopic[]::new));
	}

	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
		FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(
				new CorrelationIdFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
