/**
 * Contracts shared between ShopFlow services. Plain Java so that every service, and any
 * tool that reads the event log, can depend on it without pulling in a framework.
 */
package dev.shopflow.events;
