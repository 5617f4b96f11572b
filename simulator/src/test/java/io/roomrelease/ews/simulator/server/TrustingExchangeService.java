package io.roomrelease.ews.simulator.server;

import javax.net.ssl.SSLContext;

import org.apache.http.config.Registry;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;

import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.enumeration.misc.ExchangeVersion;

/**
 * An ews-java-api service that trusts one SSLContext (the simulator's certificate) instead of the JVM
 * default, through the documented hook {@code ExchangeServiceBase.createConnectionSocketFactoryRegistry()}.
 * The hook runs inside the super constructor, before fields are set, so the context is handed over in a
 * thread-local for that call. No global state ({@code SSLContext.setDefault}) is touched.
 */
public final class TrustingExchangeService extends ExchangeService {
    private static final ThreadLocal<SSLContext> PENDING = new ThreadLocal<>();
    private final SSLContext sslContext;

    private TrustingExchangeService(SSLContext sslContext) {
        super(ExchangeVersion.Exchange2010_SP2);
        this.sslContext = sslContext;
    }

    /** A service whose HTTPS connections trust only {@code sslContext}'s trust material, with host name verification. */
    public static ExchangeService create(SSLContext sslContext) {
        PENDING.set(sslContext);
        try {
            return new TrustingExchangeService(sslContext);
        } finally {
            PENDING.remove();
        }
    }

    @Override
    protected Registry<ConnectionSocketFactory> createConnectionSocketFactoryRegistry() {
        SSLContext context = sslContext != null ? sslContext : PENDING.get();
        return RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .register("https", new SSLConnectionSocketFactory(context, new String[] {"TLSv1.3", "TLSv1.2"}, null,
                        new DefaultHostnameVerifier()))
                .build();
    }
}
