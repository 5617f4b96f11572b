package io.roomrelease.ews.simulator.soap;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.w3c.dom.Element;

/**
 * The {@code t:RequestServerVersion} header, judged the way Exchange judges it before anything else: a value
 * Exchange does not know is {@code ErrorInvalidServerVersion}; an operation (or header) newer than the version the
 * client asked for is {@code ErrorIncorrectSchemaVersion} ("valid for the current Exchange Server version but invalid
 * for the request server version that was specified"). Clients such as exchangelib negotiate their version on exactly
 * these two codes. A request without the header is served as the newest version (Exchange would assume Exchange2007
 * and refuse the newer operations; the simulator's own callers always send it).
 */
public final class RequestServerVersion {
    /** The values of {@code t:ExchangeVersionType}, oldest first (types.xsd). */
    static final List<String> KNOWN = List.of("Exchange2007", "Exchange2007_SP1", "Exchange2009", "Exchange2010",
            "Exchange2010_SP1", "Exchange2010_SP2", "Exchange2012", "Exchange2013", "Exchange2013_SP1", "Exchange2015",
            "Exchange2016", "V2015_10_05", "V2016_01_06", "V2016_04_13", "V2016_07_13", "V2016_10_10");

    /** The first version each served operation exists in (the minimum ews-java-api checks too); others are Exchange2007. */
    static final Map<String, String> INTRODUCED = Map.of(
            "ConvertId", "Exchange2007_SP1",
            "GetRoomLists", "Exchange2010",
            "GetRooms", "Exchange2010",
            "GetServerTimeZones", "Exchange2010");

    private RequestServerVersion() {
    }

    /**
     * Checks the request's version against the operation and its headers.
     *
     * @throws EwsFault ErrorInvalidServerVersion or ErrorIncorrectSchemaVersion
     */
    public static void check(SoapRequest request) {
        Optional<Element> header = request.header("RequestServerVersion");
        if (header.isEmpty()) {
            return;
        }
        String version = header.get().getAttribute("Version");
        int asked = KNOWN.indexOf(version);
        if (asked < 0) {
            throw new EwsFault("ErrorInvalidServerVersion", "The specified server version is invalid: RequestServerVersion '"
                    + version + "' is not one of " + String.join(", ", KNOWN) + ".");
        }
        String operation = request.operation();
        String introduced = INTRODUCED.getOrDefault(operation, "Exchange2007");
        if (asked < KNOWN.indexOf(introduced)) {
            throw new EwsFault("ErrorIncorrectSchemaVersion", "The request is valid but does not specify the correct "
                    + "server version in the RequestServerVersion SOAP header: " + operation + " needs " + introduced
                    + " or later, the request asked for " + version + ".");
        }
        if (request.header("TimeZoneContext").isPresent() && asked < KNOWN.indexOf("Exchange2010")) {
            throw new EwsFault("ErrorIncorrectSchemaVersion", "The request is valid but does not specify the correct "
                    + "server version in the RequestServerVersion SOAP header: the TimeZoneContext header needs Exchange2010"
                    + " or later, the request asked for " + version + ".");
        }
    }
}
