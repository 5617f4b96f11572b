package io.roomrelease.bench.report;

/**
 * One acceptance target and how the run fared.
 *
 * @param id       short name, e.g. {@code calendar-bound}
 * @param goal     the target in words
 * @param measured the figure(s) it was judged on
 * @param pass     whether the figure meets the target
 */
public record Target(String id, String goal, String measured, boolean pass) {
}
