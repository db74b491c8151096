package dev.shopflow.messaging.rabbit;

import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.messaging.correlation.Correlation;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.MDC;

import org.springframework.amqp.core.Message;

/**
 * Carries the correlation id of a consumed message into the MDC while its listener runs,
 * so the listener's logs, and the events and commands it causes, share the id of the
 * request that started the work.
 */
class CorrelationIdAdvice implements MethodInterceptor {

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		Message message = (arguments.length > 1 && arguments[1] instanceof Message received) ? received : null;
		String id = (message != null) ? message.getMessageProperties().getHeader(ShopflowHeaders.EVENT_CORRELATION_ID)
				: null;
		MDC.put(Correlation.MDC_KEY, Correlation.acceptOrNew(id));
		try {
			return invocation.proceed();
		}
		finally {
			MDC.remove(Correlation.MDC_KEY);
		}
	}

}
