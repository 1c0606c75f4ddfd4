/**
 * Spring Boot auto-configuration of libipc: {@code ipc.*} properties, channel beans, template and
 * listeners. Health and metrics are wired in the sub-packages.
 */
package io.libipc.spring.autoconfigure;
