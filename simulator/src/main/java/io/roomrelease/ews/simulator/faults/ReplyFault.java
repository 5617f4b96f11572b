package io.roomrelease.ews.simulator.faults;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A broken or hostile reply that replaces a real response (HTTP 200, text/xml), to test how clients cope.
 */
public sealed interface ReplyFault {

    /** Produces the reply bytes from the real response. */
    byte[] apply(byte[] realResponse);

    /** The real response cut in half: not well-formed. */
    record Malformed() implements ReplyFault {
        @Override
        public byte[] apply(byte[] realResponse) {
            byte[] out = new byte[realResponse.length / 2];
            System.arraycopy(realResponse, 0, out, 0, out.length);
            return out;
        }
    }

    /**
     * The real response with a DOCTYPE declaring an external entity at {@code systemId} (a local file or a
     * loopback URL the test watches) and a reference to it as the first content of the body. A client
     * that resolves it reads the file or calls the URL.
     */
    record ExternalEntity(URI systemId) implements ReplyFault {
        @Override
        public byte[] apply(byte[] realResponse) {
            return withDoctype(realResponse, "<!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM \"" + systemId + "\">]>", "&xxe;");
        }
    }

    /** The real response with the "billion laughs" entity expansion (10^9 "lol"s if expanded). */
    record EntityExpansion() implements ReplyFault {
        @Override
        public byte[] apply(byte[] realResponse) {
            StringBuilder dtd = new StringBuilder("<!DOCTYPE s:Envelope [<!ENTITY lol0 \"lol\">");
            for (int i = 1; i <= 9; i++) {
                dtd.append("<!ENTITY lol").append(i).append(" \"");
                for (int j = 0; j < 10; j++) {
                    dtd.append("&lol").append(i - 1).append(';');
                }
                dtd.append("\">");
            }
            dtd.append("]>");
            return withDoctype(realResponse, dtd.toString(), "&lol9;");
        }
    }

    private static byte[] withDoctype(byte[] response, String doctype, String reference) {
        String xml = new String(response, StandardCharsets.UTF_8);
        int envelope = xml.indexOf("<s:Envelope");
        int bodyStart = xml.indexOf("<s:Body");
        if (envelope < 0 || bodyStart < 0) {
            throw new IllegalStateException("Reply has no s:Envelope/s:Body to make hostile");
        }
        int bodyChild = xml.indexOf('>', xml.indexOf('<', xml.indexOf('>', bodyStart) + 1)) + 1;
        String out = xml.substring(0, envelope) + doctype + xml.substring(envelope, bodyChild) + reference
                + xml.substring(bodyChild);
        return out.getBytes(StandardCharsets.UTF_8);
    }
}
