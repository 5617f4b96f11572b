package io.roomrelease.ews.simulator.ops;

import java.util.List;

import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.soap.EwsOperationHandler;

/** The EWS operations the simulator serves. */
public final class Operations {
    private Operations() {
    }

    /** Every handler, bound to {@code store}. */
    public static List<EwsOperationHandler> all(ExchangeStore store) {
        return List.of(new FindItemOperation(store), new GetItemOperation(store), new CreateItemOperation(store),
                new UpdateItemOperation(store), new DeleteItemOperation(store), new GetUserAvailabilityOperation(store),
                new GetRoomListsOperation(store), new GetRoomsOperation(store), new GetFolderOperation(store),
                new ConvertIdOperation(store), new GetServerTimeZonesOperation());
    }
}
