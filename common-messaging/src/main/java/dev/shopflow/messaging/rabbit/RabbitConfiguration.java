package dev.shopflow.messaging.rabbit;

import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.messaging.DependencyWaits;
import dev.shopflow.messaging.MessagingProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.config.RetryInterceptorBuilder;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.Jackson2JsonMessageConverter;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.amqp.RabbitTemplateCustomizer;
import org.springframework.boot.autoconfigure.amqp.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * RabbitMQ as every service uses it: JSON bodies, publisher confirms and mandatory
 * returns on every publish, and listeners that never requeue a failed message but hand it
 * to the retry tiers.
 */
@Configuration(proxyBeanMethods = false)
public class RabbitConfiguration {

	/**
	 * Converts by the listener's parameter type, never by a class name in the message:
	 * the sender's classes are not the receiver's business.
	 */
	@Bean
	Jackson2JsonMessageConverter jsonMessageConverter(ObjectMapper objectMapper) {
		Jackson2JsonMessageConverter converter = new Jackson2JsonMessageConverter(objectMapper);
		converter.setAlwaysConvertToInferredType(true);
		return converter;
	}

	/** Confirms and returns are not optional here, whatever the service's YAML says. */
	@Bean
	static BeanPostProcessor confirmingConnectionFactory() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof CachingConnectionFactory factory) {
					factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
					factory.setPublisherReturns(true);
				}
				return bean;
			}
		};
	}

	@Bean
	RabbitTemplateCustomizer mandatoryPublishes() {
		return (template) -> template.setMandatory(true);
	}

	@Bean
	ConfirmedPublisher confirmedPublisher(RabbitTemplate rabbitTemplate, MessagingProperties properties,
			MeterRegistry meters) {
		return new ConfirmedPublisher(rabbitTemplate, properties.rabbit().confirmTimeout(), meters);
	}

	@Bean
	WorkQueue.Factory workQueues(MessagingProperties properties) {
		return new WorkQueue.Factory(properties.rabbit().retryTiers(), properties.rabbit().deliveryLimit());
	}

	@Bean
	RetryTierRecoverer retryTierRecoverer(ConfirmedPublisher publisher, MessagingProperties properties,
			DependencyWaits waits, MeterRegistry meters) {
		// The broker's clock, not a test's: the age bounds real waiting.
		return new RetryTierRecoverer(publisher, properties.rabbit().retryTiers(), properties.rabbit().maxRetryAge(),
				waits, meters, Clock.systemUTC());
	}

	/**
	 * Boot's factory (concurrency, prefetch and the converter from its properties), with
	 * one attempt in the listener and the retry tiers after it. Nothing is requeued: a
	 * requeued message that fails every time would spin forever at the head of its queue.
	 * The innermost advice sees the listener's own outcome (the retry advice around it
	 * turns every failure into a recovery), so it tells {@link DependencyWaits} when a
	 * listener processes again.
	 */
	@Bean
	SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(
			SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory,
			RetryTierRecoverer recoverer, DependencyWaits waits) {
		SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
		configurer.configure(factory, connectionFactory);
		factory.setDefaultRequeueRejected(false);
		factory.setAdviceChain(new CorrelationIdAdvice(),
				RetryInterceptorBuilder.stateless().maxAttempts(1).recoverer(recoverer).build(),
				new ResumedAdvice(waits));
		return factory;
	}

	/** A depth gauge for every parking lot this service declares. */
	@Bean
	SmartInitializingSingleton parkingLotGauges(ApplicationContext context, AmqpAdmin admin, MeterRegistry meters) {
		return () -> {
			Map<String, Declarables> all = context.getBeansOfType(Declarables.class);
			all.values()
				.stream()
				.flatMap((declarables) -> declarables.getDeclarablesByType(Queue.class).stream())
				.map(Queue::getName)
				.filter((name) -> name.endsWith(WorkQueues.parkingLotOf("")))
				.forEach((name) -> Gauge.builder("shopflow.rabbit.parking.lot.depth", () -> depth(admin, name))
					.description("Messages waiting in a parking lot for a person to look at them")
					.tag("queue", name)
					.register(meters));
		};
	}

	private static double depth(AmqpAdmin admin, String queue) {
		QueueInformation info = admin.getQueueInfo(queue);
		return (info != null) ? info.getMessageCount() : Double.NaN;
	}

}
