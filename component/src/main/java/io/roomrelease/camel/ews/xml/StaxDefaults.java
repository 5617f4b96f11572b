package io.roomrelease.camel.ews.xml;

/**
 * Names the JDK's StAX output and event factories. ews-java-api calls {@code XMLOutputFactory.newInstance()} (and,
 * through the hardened input factory's property, {@code XMLInputFactory.newInstance()}) for every request; without a
 * system property each call scans every jar of the class path for a service provider, under a lock per jar. Measured
 * with JFR on a 1,000-room sweep: 28% of the CPU of an EWS call, and threads blocked on the jar locks. Naming the
 * JDK's built-in implementations (what the scan ends with anyway when no jar provides one) skips the scan. The input
 * factory is {@link HardenedXmlInputFactory}'s business. A value already set wins.
 */
public final class StaxDefaults {

    private StaxDefaults() {
    }

    /** Pins the JDK's XMLOutputFactory and XMLEventFactory unless the JVM already names others. */
    public static void pinJdkOutputAndEventFactories() {
        pin("javax.xml.stream.XMLOutputFactory", "com.sun.xml.internal.stream.XMLOutputFactoryImpl");
        pin("javax.xml.stream.XMLEventFactory", "com.sun.xml.internal.stream.events.XMLEventFactoryImpl");
    }

    private static void pin(String property, String implementation) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, implementation);
        }
    }
}
