/** A node of an {@link InputList}: the list links its items through their own fields. */
export interface ListedInput<T extends ListedInput<T>> {
  before: T | null;
  after: T | null;
}

/**
 * An intrusive doubly linked list: O(1) push, shift and removal of any item, iteration in
 * insertion order, and no allocation beyond the items themselves.
 */
export class InputList<T extends ListedInput<T>> {
  head: T | null = null;
  private tail: T | null = null;
  size = 0;

  push(item: T): void {
    item.before = this.tail;
    item.after = null;
    if (this.tail === null) this.head = item;
    else this.tail.after = item;
    this.tail = item;
    this.size++;
  }

  remove(item: T): void {
    const { before, after } = item;
    if (before === null) this.head = after;
    else before.after = after;
    if (after === null) this.tail = before;
    else after.before = before;
    item.before = item.after = null;
    this.size--;
  }

  shift(): T | null {
    const item = this.head;
    if (item !== null) this.remove(item);
    return item;
  }

  clear(): void {
    this.head = this.tail = null;
    this.size = 0;
  }
}
