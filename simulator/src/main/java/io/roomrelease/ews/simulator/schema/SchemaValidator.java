package io.roomrelease.ews.simulator.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Validates SOAP header and body children against Microsoft's EWS schema ({@code messages.xsd}, which
 * imports {@code types.xsd}). Each child is validated on its own, never the envelope, as the schema's
 * README prescribes. The compiled schema is cached per directory for the whole JVM (compiling takes
 * about 1.5 s). Thread-safe.
 *
 * <p>Use {@link #fromSystemProperties()} in tests: it reads {@code ews.schema.dir} (default
 * {@code ../shared/ews-schema}) and {@code ews.schema.required}.
 */
public final class SchemaValidator {
    /** System property naming the directory that holds messages.xsd. */
    public static final String DIR_PROPERTY = "ews.schema.dir";
    /** System property that turns a missing schema directory into an error (CI sets it). */
    public static final String REQUIRED_PROPERTY = "ews.schema.required";
    /** Where the schema lives relative to the project root. */
    public static final String DEFAULT_DIR = "../shared/ews-schema";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaValidator.class);
    private static final ConcurrentMap<Path, Schema> CACHE = new ConcurrentHashMap<>();

    private final Schema schema;
    private final String disabledReason;

    private SchemaValidator(Schema schema, String disabledReason) {
        this.schema = schema;
        this.disabledReason = disabledReason;
    }

    /** Loads (or takes from the JVM-wide cache) the schema in {@code dir}; fails with a clear message when it is missing or broken. */
    public static SchemaValidator load(Path dir) {
        Path messages = dir.toAbsolutePath().normalize().resolve("messages.xsd");
        if (!Files.isRegularFile(messages)) {
            throw new IllegalStateException("EWS schema not found: " + messages + " does not exist. Point -D"
                    + DIR_PROPERTY + " at the directory holding messages.xsd and types.xsd.");
        }
        Schema schema = CACHE.computeIfAbsent(messages, SchemaValidator::compile);
        return new SchemaValidator(schema, null);
    }

    /** A validator that validates nothing, with the reason it is off. */
    public static SchemaValidator disabled(String reason) {
        return new SchemaValidator(null, reason);
    }

    /**
     * The policy for tests: the schema in {@code -Dews.schema.dir} (default {@value #DEFAULT_DIR}); when that
     * directory is missing, a disabled validator and a logged reason, unless {@code -Dews.schema.required=true},
     * which turns the skip into an {@link IllegalStateException}.
     */
    public static SchemaValidator fromSystemProperties() {
        Path dir = Path.of(System.getProperty(DIR_PROPERTY, DEFAULT_DIR));
        if (Files.isRegularFile(dir.resolve("messages.xsd"))) {
            return load(dir);
        }
        String reason = "EWS schema checks are skipped: " + dir.toAbsolutePath().normalize()
                + " holds no messages.xsd (set -D" + DIR_PROPERTY + " to the ews-schema directory)";
        if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
            throw new IllegalStateException(reason.replace("are skipped", "cannot run") + "; -D"
                    + REQUIRED_PROPERTY + "=true forbids skipping them.");
        }
        LOG.warn(reason);
        return disabled(reason);
    }

    /** Whether validation runs. */
    public boolean isEnabled() {
        return schema != null;
    }

    /** Why validation is off (empty when it is on). */
    public Optional<String> disabledReason() {
        return Optional.ofNullable(disabledReason);
    }

    /** Validates one element (a header or body child) on its own; returns the first error, or empty when valid or disabled. */
    public Optional<String> validate(Element element) {
        if (schema == null) {
            return Optional.empty();
        }
        Validator validator = schema.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.validate(new DOMSource(element));
            return Optional.empty();
        } catch (SAXException e) {
            return Optional.of(e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot validate " + element.getLocalName() + ": " + e.getMessage(), e);
        }
    }

    private static Schema compile(Path messages) {
        long start = System.nanoTime();
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            // Exchange's schema breaks the Unique Particle Attribution rule that Xerces checks by default.
            f.setFeature("http://apache.org/xml/features/validation/schema-full-checking", false);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
            Schema schema = f.newSchema(messages.toFile());
            LOG.info("Loaded EWS schema {} in {} ms", messages, (System.nanoTime() - start) / 1_000_000);
            return schema;
        } catch (SAXException e) {
            throw new IllegalStateException("Cannot compile the EWS schema " + messages + ": " + e.getMessage(), e);
        }
    }
}
