package io.roomrelease.bundle.broker;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.roomrelease.bundle.settings.BrokerSettings;

/**
 * Connects {@code jms:} endpoints to the ESB broker (Apache Artemis, issue 12) when {@code roomrelease.broker.url} is
 * set: binds an Artemis {@link ConnectionFactory} as {@code jmsConnectionFactory} and gives it to the {@code jms}
 * component. Without a URL nothing is bound and nothing changes.
 */
public final class Broker {

    private static final Logger LOG = LoggerFactory.getLogger("roomrelease.broker");

    private Broker() {
    }

    /** Binds the broker's connection factory when the settings name a broker; returns it, or null. */
    public static ConnectionFactory configure(CamelContext context, BrokerSettings settings) {
        if (!settings.enabled()) {
            return null;
        }
        ActiveMQConnectionFactory factory;
        try {
            factory = new ActiveMQConnectionFactory(settings.url());
        } catch (RuntimeException e) {
            throw new IllegalStateException("roomrelease.broker.url is not an Artemis broker URL ("
                    + e.getMessage() + "): use e.g. tcp://broker:61616 or (tcp://a:61616,tcp://b:61616)"
                    + "?ha=true", e);
        }
        if (!settings.user().isEmpty()) {
            factory.setUser(settings.user());
            factory.setPassword(settings.password());
        }
        // the check-ins' redeliveries are counted by the broker (JMSXDeliveryCount); a durable send returns once
        // the broker has the message, which is what the audit outbox waits for before marking a record published
        factory.setBlockOnDurableSend(true);
        context.getRegistry().bind("jmsConnectionFactory", ConnectionFactory.class, factory);
        context.getComponent("jms", JmsComponent.class).setConnectionFactory(factory);
        try {
            context.addService(new org.apache.camel.support.service.ServiceSupport() {
                @Override
                protected void doStop() {
                    factory.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot register the broker connection for shutdown: " + e.getMessage(), e);
        }
        LOG.info("jms: endpoints use the broker at {}", settings);
        return factory;
    }
}
