package io.roomrelease.ews.simulator.ops;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.StoreException;
import io.roomrelease.ews.simulator.soap.EwsCall;

/**
 * FindItem on calendar folders. {@code CalendarView} expands recurring series into occurrences and
 * answers the items overlapping the range, by start, at most MaxEntriesReturned (and at most
 * EWSFindCountLimit 1000) with {@code IncludesLastItemInRange}; a range over 2 years fails with
 * ErrorCalendarViewRangeTooBig. {@code IndexedPageItemView} pages the unexpanded items.
 */
final class FindItemOperation extends CalendarOperation {
    /** Exchange's EWSFindCountLimit. */
    static final int FIND_COUNT_LIMIT = 1000;

    FindItemOperation(ExchangeStore store) {
        super(store);
    }

    @Override
    public String operation() {
        return "FindItem";
    }

    @Override
    public Element handle(EwsCall call) {
        Element request = call.request();
        Document doc = call.responseDocument();
        Element[] holder = new Element[1];
        Element messages = Responses.envelope(doc, "FindItemResponse", holder);
        Element folders = Xml.requireM(request, "ParentFolderIds");
        for (Element folder : Xml.children(folders)) {
            try {
                messages.appendChild(find(call, request, folder));
            } catch (StoreException e) {
                messages.appendChild(Responses.error(doc, "FindItemResponseMessage", e.responseCode(), e.getMessage()));
            }
        }
        return holder[0];
    }

    private Element find(EwsCall call, Element request, Element folder) {
        Document doc = call.responseDocument();
        ItemShape shape = ItemShape.parse(Xml.requireM(request, "ItemShape"), true);
        String mailbox = calendarMailbox(folder, call);
        Optional<Element> calendarView = Xml.m(request, "CalendarView");
        Optional<Element> indexed = Xml.m(request, "IndexedPageItemView");
        if (Xml.m(request, "Restriction").isPresent() || Xml.m(request, "SortOrder").isPresent() && calendarView.isPresent()) {
            throw new StoreException(calendarView.isPresent() ? "ErrorInvalidRestriction" : "ErrorUnsupportedQueryFilter",
                    calendarView.isPresent() ? "Restrictions and sort orders can't be used with a CalendarView."
                            : "The simulator does not evaluate restrictions; use a CalendarView.");
        }
        Element message = Responses.success(doc, "FindItemResponseMessage");
        Element root = Xml.addM(message, "RootFolder");
        Element items = Xml.addT(root, "Items");
        if (calendarView.isPresent()) {
            Element view = calendarView.get();
            Instant start = Xml.parseDateTime(view.getAttribute("StartDate"), call.requestTimeZone(), "CalendarView StartDate");
            Instant end = Xml.parseDateTime(view.getAttribute("EndDate"), call.requestTimeZone(), "CalendarView EndDate");
            if (end.isBefore(start)) {
                throw new StoreException("ErrorInvalidRequest", "The CalendarView EndDate is before its StartDate.");
            }
            if (end.isAfter(start.atOffset(ZoneOffset.UTC).plusYears(2).toInstant())) {
                throw new StoreException("ErrorCalendarViewRangeTooBig",
                        "The time range for the calendar view exceeds the allowed maximum of 2 years; split it into smaller ranges.");
            }
            int max = max(view);
            List<CalendarEntry> all = store.findCalendarView(access(call), mailbox, start, end);
            List<CalendarEntry> page = all.subList(0, Math.min(max, all.size()));
            page.forEach(e -> writer.write(items, e, shape));
            // the number of items in the whole view, not the page (Microsoft's sample: 5 returned, TotalItemsInView 33)
            root.setAttribute("TotalItemsInView", String.valueOf(all.size()));
            root.setAttribute("IncludesLastItemInRange", String.valueOf(page.size() == all.size()));
        } else {
            List<CalendarEntry> all = store.findItems(access(call), mailbox);
            int offset = 0;
            int max = FIND_COUNT_LIMIT;
            boolean fromEnd = false;
            if (indexed.isPresent()) {
                Element view = indexed.get();
                max = max(view);
                try {
                    offset = Integer.parseInt(view.getAttribute("Offset"));
                } catch (NumberFormatException e) {
                    throw Xml.schemaError("IndexedPageItemView Offset is not an integer");
                }
                fromEnd = "End".equals(view.getAttribute("BasePoint"));
                if (offset < 0) {
                    throw new StoreException("ErrorInvalidIndexedPagingParameters", "Offset must not be negative.");
                }
            }
            int total = all.size();
            int from;
            int to;
            if (fromEnd) {
                to = Math.max(0, total - offset);
                from = Math.max(0, to - max);
            } else {
                from = Math.min(offset, total);
                to = Math.min(total, from + max);
            }
            all.subList(from, to).forEach(e -> writer.write(items, e, shape));
            int next = fromEnd ? offset + (to - from) : to;
            root.setAttribute("IndexedPagingOffset", String.valueOf(next));
            root.setAttribute("TotalItemsInView", String.valueOf(total));
            root.setAttribute("IncludesLastItemInRange", String.valueOf(fromEnd ? from == 0 : to == total));
        }
        return message;
    }

    private static int max(Element view) {
        String value = Xml.attr(view, "MaxEntriesReturned");
        if (value == null) {
            return FIND_COUNT_LIMIT;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new StoreException("ErrorInvalidRequest", "MaxEntriesReturned must be 1 or more.");
            }
            return Math.min(n, FIND_COUNT_LIMIT);
        } catch (NumberFormatException e) {
            throw Xml.schemaError("MaxEntriesReturned '" + value + "' is not an integer");
        }
    }
}
