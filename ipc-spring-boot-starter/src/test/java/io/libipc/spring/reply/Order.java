package io.libipc.spring.reply;

/**
 * A request of the cross-process request/reply tests, sent as JSON.
 *
 * @param id unique per request, so that each reply can be matched to its request
 * @param item what is ordered
 * @param quantity how many
 */
public record Order(int id, String item, int quantity) {
}
