import { type MemoryNode, NodeList } from './memory-node.js'

/**
 * How a {@link MemoryStorage} picks what to drop when it is full:
 * - `'lru'`: the least recently read or written entry;
 * - `'lfu'`: the least frequently used entry (reads and writes count), the least recent among equals;
 * - `'fifo'`: the first inserted (overwriting keeps an entry's place; reads change nothing);
 * - `'ttl'`: the entry whose retention ends first (entries kept forever go last, oldest first).
 *
 * @example
 * ```ts
 * new MemoryStorage({ maxSize: 1000, evictionPolicy: 'lfu' })
 * ```
 */
export type EvictionPolicy = 'lru' | 'lfu' | 'fifo' | 'ttl'

/**
 * The bookkeeping of one eviction policy over {@link MemoryNode}s. Every method is O(1), except
 * `ttl`'s O(log n).
 * @internal
 */
export interface EvictionQueue {
  add(node: MemoryNode): void
  /** A read of `node`. */
  read(node: MemoryNode): void
  /** An overwrite of `node` (its entry was replaced). */
  write(node: MemoryNode): void
  remove(node: MemoryNode): void
  /** The entry to drop next. */
  victim(): MemoryNode | undefined
}

/** @internal */
export function createEvictionQueue(policy: EvictionPolicy): EvictionQueue {
  switch (policy) {
    case 'lru':
      return new LruQueue()
    case 'fifo':
      return new FifoQueue()
    case 'lfu':
      return new LfuQueue()
    case 'ttl':
      return new TtlQueue()
    default: {
      const never: never = policy
      throw new Error(`unknown eviction policy ${String(never)}`)
    }
  }
}

class LruQueue implements EvictionQueue {
  readonly #list = new NodeList()
  add(node: MemoryNode): void {
    this.#list.pushHead(node)
  }
  read(node: MemoryNode): void {
    this.#list.moveToHead(node)
  }
  write(node: MemoryNode): void {
    this.#list.moveToHead(node)
  }
  remove(node: MemoryNode): void {
    this.#list.remove(node)
  }
  victim(): MemoryNode | undefined {
    return this.#list.tail
  }
}

class FifoQueue implements EvictionQueue {
  readonly #list = new NodeList()
  add(node: MemoryNode): void {
    this.#list.pushHead(node)
  }
  read(): void {}
  write(): void {}
  remove(node: MemoryNode): void {
    this.#list.remove(node)
  }
  victim(): MemoryNode | undefined {
    return this.#list.tail
  }
}

/** Constant-time LFU: one recency list per use count, and the smallest count with entries. */
class LfuQueue implements EvictionQueue {
  readonly #buckets = new Map<number, NodeList>()
  #minFrequency = 0

  add(node: MemoryNode): void {
    node.frequency = 1
    this.#bucket(1).pushHead(node)
    this.#minFrequency = 1
  }
  read(node: MemoryNode): void {
    this.#bump(node)
  }
  write(node: MemoryNode): void {
    this.#bump(node)
  }
  remove(node: MemoryNode): void {
    const bucket = this.#buckets.get(node.frequency)!
    bucket.remove(node)
    if (bucket.size === 0) {
      this.#buckets.delete(node.frequency)
      if (this.#minFrequency === node.frequency) this.#minFrequency = this.#smallest()
    }
  }
  victim(): MemoryNode | undefined {
    return this.#buckets.get(this.#minFrequency)?.tail
  }
  #bump(node: MemoryNode): void {
    const from = node.frequency
    const bucket = this.#buckets.get(from)!
    bucket.remove(node)
    if (bucket.size === 0) {
      this.#buckets.delete(from)
      if (this.#minFrequency === from) this.#minFrequency = from + 1
    }
    node.frequency = from + 1
    this.#bucket(from + 1).pushHead(node)
  }
  #bucket(frequency: number): NodeList {
    let bucket = this.#buckets.get(frequency)
    if (!bucket) {
      bucket = new NodeList()
      this.#buckets.set(frequency, bucket)
    }
    return bucket
  }
  #smallest(): number {
    let min = 0
    for (const f of this.#buckets.keys()) if (min === 0 || f < min) min = f
    return min
  }
}

/** A binary min-heap on (retainUntil, seq): the entry whose retention ends first is the victim. */
class TtlQueue implements EvictionQueue {
  readonly #heap: MemoryNode[] = []

  add(node: MemoryNode): void {
    node.heapIndex = this.#heap.length
    this.#heap.push(node)
    this.#up(node.heapIndex)
  }
  read(): void {}
  write(node: MemoryNode): void {
    // retainUntil may have changed either way.
    this.#up(node.heapIndex)
    this.#down(node.heapIndex)
  }
  remove(node: MemoryNode): void {
    const i = node.heapIndex
    const last = this.#heap.pop()!
    node.heapIndex = -1
    if (last === node) return
    this.#heap[i] = last
    last.heapIndex = i
    this.#up(i)
    this.#down(last.heapIndex)
  }
  victim(): MemoryNode | undefined {
    return this.#heap[0]
  }
  #less(a: MemoryNode, b: MemoryNode): boolean {
    return a.retainUntil < b.retainUntil || (a.retainUntil === b.retainUntil && a.seq < b.seq)
  }
  #swap(i: number, j: number): void {
    const a = this.#heap[i]!
    const b = this.#heap[j]!
    this.#heap[i] = b
    this.#heap[j] = a
    a.heapIndex = j
    b.heapIndex = i
  }
  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.#less(this.#heap[i]!, this.#heap[parent]!)) return
      this.#swap(i, parent)
      i = parent
    }
  }
  #down(i: number): void {
    const n = this.#heap.length
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let smallest = i
      if (l < n && this.#less(this.#heap[l]!, this.#heap[smallest]!)) smallest = l
      if (r < n && this.#less(this.#heap[r]!, this.#heap[smallest]!)) smallest = r
      if (smallest === i) return
      this.#swap(i, smallest)
      i = smallest
    }
  }
}
