package io.roomrelease.ews.simulator.ops;

import java.util.LinkedHashSet;
import java.util.Set;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.ItemIds;
import io.roomrelease.ews.simulator.model.StoreException;
import io.roomrelease.ews.simulator.soap.EwsCall;

/**
 * GetFolder of calendar folders: {@code DistinguishedFolderId Id="calendar"} (with a {@code Mailbox} for another
 * mailbox, under impersonation or with delegate rights) or a calendar {@code FolderId}. One response message per
 * folder id, as {@code t:CalendarFolder}. FolderShape IdOnly gives FolderId; Default adds DisplayName, TotalCount and
 * ChildFolderCount; AllProperties adds ParentFolderId and FolderClass; AdditionalProperties may name any of these
 * (and DistinguishedFolderId). Other folders are ErrorFolderNotFound: the simulator keeps calendars only.
 * Not modelled: EffectiveRights, PermissionSet, SharingEffectiveRights, extended properties, subfolders (0).
 */
final class GetFolderOperation extends CalendarOperation {
    static final Set<String> DEFAULT = Set.of("FolderId", "DisplayName", "TotalCount", "ChildFolderCount");
    static final Set<String> ALL = Set.of("FolderId", "ParentFolderId", "FolderClass", "DisplayName", "TotalCount",
            "ChildFolderCount");

    GetFolderOperation(ExchangeStore store) {
        super(store);
    }

    @Override
    public String operation() {
        return "GetFolder";
    }

    @Override
    public Element handle(EwsCall call) {
        Document doc = call.responseDocument();
        Element request = call.request();
        Set<String> shape = shape(Xml.requireM(request, "FolderShape"));
        Element[] holder = new Element[1];
        Element messages = Responses.envelope(doc, "GetFolderResponse", holder);
        for (Element folderId : Xml.children(Xml.requireM(request, "FolderIds"))) {
            try {
                String mailbox = store.canonicalAddress(calendarMailbox(folderId, call));
                int count = store.calendarFolderCount(access(call), mailbox);
                Element message = Responses.success(doc, "GetFolderResponseMessage");
                Element folder = Xml.addT(Xml.addM(message, "Folders"), "CalendarFolder");
                write(folder, shape, mailbox, count, "DistinguishedFolderId".equals(folderId.getLocalName()));
                messages.appendChild(message);
            } catch (StoreException e) {
                Element message = Responses.error(doc, "GetFolderResponseMessage", e.responseCode(), e.getMessage());
                Xml.addM(message, "Folders");
                messages.appendChild(message);
            }
        }
        return holder[0];
    }

    /** The properties asked for, in the order of BaseFolderType. */
    private static Set<String> shape(Element folderShape) {
        Set<String> props = new LinkedHashSet<>();
        String base = Xml.t(folderShape, "BaseShape").map(Xml::text).orElse("Default");
        props.add("FolderId");
        if ("Default".equals(base)) {
            props.addAll(DEFAULT);
        } else if ("AllProperties".equals(base)) {
            props.addAll(ALL);
        }
        Xml.t(folderShape, "AdditionalProperties").ifPresent(additional -> {
            for (Element path : Xml.children(additional)) {
                String uri = Xml.attr(path, "FieldURI");
                if (uri != null && uri.startsWith("folder:")) {
                    props.add(uri.substring("folder:".length()));
                }
            }
        });
        return props;
    }

    private static void write(Element folder, Set<String> shape, String mailbox, int count, boolean distinguished) {
        String id = ItemIds.calendarFolder(mailbox);
        if (shape.contains("FolderId")) {
            folderId(Xml.addT(folder, "FolderId"), id);
        }
        if (shape.contains("ParentFolderId")) {
            folderId(Xml.addT(folder, "ParentFolderId"), ItemIds.rootFolder(mailbox));
        }
        if (shape.contains("FolderClass")) {
            Xml.addT(folder, "FolderClass", "IPF.Appointment");
        }
        if (shape.contains("DisplayName")) {
            Xml.addT(folder, "DisplayName", "Calendar");
        }
        if (shape.contains("TotalCount")) {
            Xml.addT(folder, "TotalCount", count);
        }
        if (shape.contains("ChildFolderCount")) {
            Xml.addT(folder, "ChildFolderCount", 0);
        }
        if (shape.contains("DistinguishedFolderId") && distinguished) {
            Xml.addT(folder, "DistinguishedFolderId", "calendar");
        }
    }

    private static void folderId(Element e, String id) {
        e.setAttribute("Id", id);
        e.setAttribute("ChangeKey", "AgAAAA==");
    }
}
