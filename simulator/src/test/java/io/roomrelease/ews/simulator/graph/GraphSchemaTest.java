package io.roomrelease.ews.simulator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The metadata check itself: it finds what is wrong, and passes what Graph documents. */
class GraphSchemaTest {
    static GraphSchema schema;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void load() {
        schema = GraphSchema.fromSystemProperties();
        assumeTrue(schema.isEnabled(), () -> schema.disabledReason().orElse(""));
    }

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void aDocumentedEventPasses() throws Exception {
        JsonNode event = json("{'@odata.etag':'W/\\'x\\'','id':'AAMk','subject':'Standup','isAllDay':false,"
                + "'start':{'dateTime':'2025-03-10T09:00:00.0000000','timeZone':'UTC'},'showAs':'busy','type':'occurrence',"
                + "'attendees':[{'type':'resource','status':{'response':'accepted','time':'2025-03-10T09:00:00Z'},"
                + "'emailAddress':{'name':'Room','address':'room@contoso.com'}}],'categories':[],"
                + "'responseStatus':{'response':'organizer','time':'0001-01-01T00:00:00Z'}}");
        assertThat(schema.check(event, "graph.event")).isEmpty();
    }

    @Test
    void unknownPropertiesWrongShapesAndMisspelledEnumsAreFound() throws Exception {
        JsonNode event = json("{'subjekt':'x','isAllDay':'false','start':'2025-03-10','showAs':'Busy','categories':'a',"
                + "'attendees':[{'type':'room'}]}");
        assertThat(schema.check(event, "graph.event")).hasSize(6)
                .anySatisfy(p -> assertThat(p).contains("subjekt").contains("no such property"))
                .anySatisfy(p -> assertThat(p).contains("isAllDay").contains("Edm.Boolean"))
                .anySatisfy(p -> assertThat(p).contains("$.start").contains("object"))
                .anySatisfy(p -> assertThat(p).contains("'Busy'"))
                .anySatisfy(p -> assertThat(p).contains("categories").contains("array"))
                .anySatisfy(p -> assertThat(p).contains("'room'"));
    }

    @Test
    void baseTypesAndDerivedTypesResolve() throws Exception {
        // id and changeKey come from entity and outlookItem; capacity from room via @odata.type on a place
        assertThat(schema.check(json("{'id':'1','changeKey':'k','lastModifiedDateTime':'2025-01-01T00:00:00Z'}"),
                "graph.event")).isEmpty();
        assertThat(schema.check(json("{'@odata.type':'#microsoft.graph.room','id':'1','capacity':8,'displayName':'A'}"),
                "graph.place")).isEmpty();
        assertThat(schema.check(json("{'@odata.type':'#microsoft.graph.event','id':'1'}"), "graph.room")).hasSize(1);
    }

    @Test
    void actionParametersAreCaseInsensitiveAndTyped() throws Exception {
        assertThat(schema.checkActionParameters(json("{'Comment':'x','SENDRESPONSE':true}"), "graph.event", "decline")).isEmpty();
        assertThat(schema.checkActionParameters(json("{'comment':1}"), "graph.event", "decline")).hasSize(1);
        assertThat(schema.checkActionParameters(json("{'reason':'x'}"), "graph.event", "decline"))
                .singleElement().asString().contains("no parameter");
        assertThat(schema.checkActionParameters(json("{'schedules':['a'],'availabilityViewInterval':'30'}"),
                "graph.calendar", "getSchedule")).singleElement().asString().contains("Edm.Int32");
    }

    @Test
    void collectionsAllowOnlyValueAndAnnotations() throws Exception {
        assertThat(schema.checkCollection(json("{'@odata.nextLink':'x','value':[{'id':'1','@removed':{'reason':'deleted'}}]}"),
                "graph.event")).isEmpty();
        assertThat(schema.checkCollection(json("{'value':[],'count':3}"), "graph.event")).hasSize(1);
    }
}
