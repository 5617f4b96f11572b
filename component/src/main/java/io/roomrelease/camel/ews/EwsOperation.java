package io.roomrelease.camel.ews;

/** Producer operations of the {@code ews:} component. */
public enum EwsOperation {
    findEvents,
    getEvent,
    createEvent,
    updateEvent,
    endEarly,
    declineEvent,
    cancelEvent,
    deleteEvent,
    getAvailability,
    listRoomLists,
    listRooms,
    deltaEvents,
    sendMessage
}
