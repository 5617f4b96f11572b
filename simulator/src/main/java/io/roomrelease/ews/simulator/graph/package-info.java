/**
 * Microsoft Graph v1.0 in the simulator, over the same {@link io.roomrelease.ews.simulator.model.ExchangeStore} as
 * EWS: {@link io.roomrelease.ews.simulator.graph.GraphHttpHandler} (HTTP, Bearer tokens, request ids),
 * {@link io.roomrelease.ews.simulator.graph.GraphApi} (routes, roles, application scope, Outlook throttling, paging,
 * delta, {@code $batch}, the error shape), {@link io.roomrelease.ews.simulator.graph.GraphSchema} (every JSON body
 * checked against Microsoft's CSDL) and {@link io.roomrelease.ews.simulator.graph.GraphSettings} (what tests change at
 * runtime). Shares no code with the component's Graph client.
 */
package io.roomrelease.ews.simulator.graph;
