package io.roomrelease.bundle.app;

/**
 * Pins the JDK's StAX factories. ews-java-api calls {@code XMLOutputFactory.newInstance()} and
 * {@code XMLInputFactory.newInstance()} for every request; without a system property each call scans every jar of the
 * class path for a service provider, under a lock per jar. Measured with JFR on a 1,000-room sweep: 28% of the CPU
 * of an EWS call, and threads blocked on the jar locks. Naming the JDK's built-in implementations (what the scan
 * ends with anyway, as no jar on the class path provides one) skips the scan. A value already set wins.
 */
final class StaxFactories {
    private StaxFactories() {
    }

    static void pinJdkDefaults() {
        pin("javax.xml.stream.XMLOutputFactory", "com.sun.xml.internal.stream.XMLOutputFactoryImpl");
        pin("javax.xml.stream.XMLInputFactory", "com.sun.xml.internal.stream.XMLInputFactoryImpl");
        pin("javax.xml.stream.XMLEventFactory", "com.sun.xml.internal.stream.events.XMLEventFactoryImpl");
    }

    private static void pin(String property, String implementation) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, implementation);
        }
    }
}
