package dev.plumb.talos;

/** One active etcd alarm: the member it is raised on and its type ({@code NOSPACE}, {@code CORRUPT}). */
public record EtcdAlarm(long memberId, String alarm) {}
