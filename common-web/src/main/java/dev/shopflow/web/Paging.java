package dev.shopflow.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Which page of a list a client asks for, from the query parameters {@code page}
 * (0-based, default 0) and {@code size} (default {@value #DEFAULT_SIZE}, at most
 * {@value #MAX_SIZE}). A list endpoint takes it as a {@code @Valid} parameter, so that a
 * size out of range is an {@code invalid-request} problem naming it, and no listing can
 * read a whole table.
 *
 * @param page the page, from 0
 * @param size how many items a page has
 */
public record Paging(@Min(0) Integer page, @Min(1) @Max(MAX_SIZE) Integer size) {

	public static final int DEFAULT_SIZE = 20;

	public static final int MAX_SIZE = 100;

	public Paging {
		page = (page != null) ? page : 0;
		size = (size != null) ? size : DEFAULT_SIZE;
	}

	/** How many items the pages before this one hold: SQL's {@code OFFSET}. */
	public long offset() {
		return (long) this.page * this.size;
	}

}
