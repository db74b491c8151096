package dev.shopflow.messaging.rabbit;

import dev.shopflow.messaging.DependencyWaits;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.amqp.core.Message;

/**
 * Tells {@link DependencyWaits} that a queue's listener processed a message, so a
 * listener that was waiting for its database shows as working again.
 */
class ResumedAdvice implements MethodInterceptor {

	private final DependencyWaits waits;

	ResumedAdvice(DependencyWaits waits) {
		this.waits = waits;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Object result = invocation.proceed();
		Object[] arguments = invocation.getArguments();
		if (arguments.length > 1 && arguments[1] instanceof Message message
				&& message.getMessageProperties().getConsumerQueue() != null) {
			this.waits.resumed(message.getMessageProperties().getConsumerQueue());
		}
		return result;
	}

}
