import type { Ok } from '../core/result.js'
import type { CacheEntry } from './cache-entry.js'

/**
 * One entry of a {@link MemoryStorage}, linked into its eviction policy's structure.
 * @internal
 */
export class MemoryNode {
  /** The answer `get` returns, made at the first read after a write so reads allocate nothing. */
  hit: Ok<CacheEntry | undefined, never> | undefined = undefined
  prev: MemoryNode | undefined = undefined
  next: MemoryNode | undefined = undefined
  /** Uses so far (LFU). */
  frequency = 1
  /** Position in the expiry heap (TTL policy), -1 when not in it. */
  heapIndex = -1

  constructor(
    readonly key: string,
    public entry: CacheEntry,
    public stored: unknown,
    public retainUntil: number,
    public size: number,
    public seq: number,
  ) {}
}

/**
 * A doubly linked list threaded through {@link MemoryNode}s: head is the most recent end.
 * @internal
 */
export class NodeList {
  head: MemoryNode | undefined = undefined
  tail: MemoryNode | undefined = undefined
  size = 0

  pushHead(node: MemoryNode): void {
    node.prev = undefined
    node.next = this.head
    if (this.head) this.head.prev = node
    else this.tail = node
    this.head = node
    this.size++
  }

  remove(node: MemoryNode): void {
    if (node.prev) node.prev.next = node.next
    else this.head = node.next
    if (node.next) node.next.prev = node.prev
    else this.tail = node.prev
    node.prev = undefined
    node.next = undefined
    this.size--
  }

  moveToHead(node: MemoryNode): void {
    if (this.head === node) return
    this.remove(node)
    this.pushHead(node)
  }
}
