package org.dcwatch.udfs.classify;

/**
 * A well-known Microsoft first-party client application.
 *
 * @param appId     the application (client) id, a lower-case GUID
 * @param name      the name Entra shows as {@code appDisplayName}
 * @param highValue whether device-code phishing campaigns target this client for broad tokens
 */
public record ClientApp(String appId, String name, boolean highValue) {}
