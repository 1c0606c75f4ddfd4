/**
 * Destinations of the libipc binder: a destination is a libipc channel, partition {@code n} the
 * channel {@code <destination>-<n>}. The provisioner names channels and refuses what libipc cannot
 * honour; it creates nothing, since a channel comes into being when a process first opens it.
 */
package io.libipc.cloud.stream.binder.provisioning;
