package dev.unlearning.engine.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The opcodes of a pickle (protocol 2, as libtorch writes data.pkl) run as Python's unpickler runs them, building only
 * what {@link ModulePickle} needs: module objects with their state dicts ({@link Obj}), booleans with the position of
 * their byte ({@link Bool}), and tensors as {@link ModulePickle.Tensor}; every other global and call becomes a
 * placeholder, so no code in the pickle runs.
 */
final class PickleMachine {

  private static final Object MARK = new Object();
  private static final Object NONE = new Object();

  record Global(String module, String name) {}

  record Bool(boolean value, int position) {}

  static final class Obj {
    final Global type;
    Map<Object, Object> state;

    Obj(Global type) {
      this.type = type;
    }
  }

  private record Storage(String key, String type) {}

  private final ByteBuffer in;
  private final Deque<Object> stack = new ArrayDeque<>();
  private final Map<Long, Object> memo = new HashMap<>();

  PickleMachine(byte[] pickle) {
    this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Runs the pickle to its STOP and returns what it built. */
  Object run() {
    while (in.hasRemaining()) {
      int position = in.position();
      int op = in.get() & 0xff;
      switch (op) {
        case 0x80 -> in.get(); // PROTO
        case 0x95 -> in.getLong(); // FRAME
        case '.' -> { // STOP
          return stack.pop();
        }
        case 'c' -> stack.push(new Global(line(), line()));
        case 'q' -> memo.put((long) (in.get() & 0xff), stack.peek());
        case 'r' -> memo.put(in.getInt() & 0xffffffffL, stack.peek());
        case 0x94 -> memo.put((long) memo.size(), stack.peek()); // MEMOIZE
        case 'h' -> stack.push(memo.get((long) (in.get() & 0xff)));
        case 'j' -> stack.push(memo.get(in.getInt() & 0xffffffffL));
        case '(' -> stack.push(MARK);
        case ')' -> stack.push(List.of());
        case ']' -> stack.push(new ArrayList<>());
        case '}' -> stack.push(new LinkedHashMap<>());
        case 'N' -> stack.push(NONE);
        case 0x88 -> stack.push(new Bool(true, position));
        case 0x89 -> stack.push(new Bool(false, position));
        case 'K' -> stack.push((long) (in.get() & 0xff));
        case 'M' -> stack.push((long) (in.getShort() & 0xffff));
        case 'J' -> stack.push((long) in.getInt());
        case 0x8a -> stack.push(littleEndian(in.get() & 0xff)); // LONG1
        case 0x8b -> stack.push(littleEndian(in.getInt())); // LONG4
        case 'G' -> stack.push(ByteBuffer.wrap(bytes(8)).getDouble()); // BINFLOAT is big-endian
        case 'X' -> stack.push(text(in.getInt()));
        case 0x8c -> stack.push(text(in.get() & 0xff)); // SHORT_BINUNICODE
        case 0x8d -> stack.push(text(Math.toIntExact(in.getLong()))); // BINUNICODE8
        case 'B' -> stack.push(bytes(in.getInt()));
        case 'C' -> stack.push(bytes(in.get() & 0xff));
        case 0x8e -> stack.push(bytes(Math.toIntExact(in.getLong())));
        case 't' -> stack.push(List.copyOf(toMark()));
        case 0x85 -> stack.push(List.of(stack.pop()));
        case 0x86 -> {
          Object b = stack.pop();
          stack.push(List.of(stack.pop(), b));
        }
        case 0x87 -> {
          Object c = stack.pop();
          Object b = stack.pop();
          stack.push(List.of(stack.pop(), b, c));
        }
        case 'l' -> stack.push(new ArrayList<>(toMark()));
        case 'a' -> {
          Object v = stack.pop();
          list(stack.peek()).add(v);
        }
        case 'e' -> {
          List<Object> items = toMark();
          list(stack.peek()).addAll(items);
        }
        case 'd' -> {
          Map<Object, Object> d = new LinkedHashMap<>();
          putAll(d, toMark());
          stack.push(d);
        }
        case 's' -> {
          Object v = stack.pop();
          Object k = stack.pop();
          dict(stack.peek()).put(k, v);
        }
        case 'u' -> {
          List<Object> items = toMark();
          putAll(dict(stack.peek()), items);
        }
        case 0x81 -> { // NEWOBJ
          stack.pop();
          stack.push(stack.pop() instanceof Global g ? new Obj(g) : NONE);
        }
        case 'b' -> { // BUILD
          Object state = stack.pop();
          if (stack.peek() instanceof Obj o && state instanceof Map<?, ?> m) {
            o.state = cast(m);
          }
        }
        case 'Q' -> stack.push(storage(stack.pop())); // BINPERSID
        case 'R' -> { // REDUCE
          Object args = stack.pop();
          stack.push(reduce(stack.pop(), args));
        }
        default -> throw new IllegalStateException("data.pkl: unsupported pickle opcode 0x"
            + Integer.toHexString(op) + " at byte " + position);
      }
    }
    throw new IllegalStateException("data.pkl ends without STOP");
  }

  private static Object storage(Object pid) {
    if (pid instanceof List<?> t && t.size() >= 3 && "storage".equals(t.get(0)) && t.get(1) instanceof Global g
        && t.get(2) instanceof String key) {
      return new Storage(key, g.name());
    }
    return NONE;
  }

  private static Object reduce(Object callable, Object args) {
    if (callable instanceof Global g && args instanceof List<?> a) {
      if (g.name().equals("OrderedDict")) {
        return new LinkedHashMap<>();
      }
      if (g.name().equals("_rebuild_tensor_v2") && a.size() >= 4 && a.get(0) instanceof Storage s
          && a.get(1) instanceof Long offset && a.get(2) instanceof List<?> size && a.get(3) instanceof List<?> stride) {
        long elements = 1;
        long expected = 1;
        boolean contiguous = true;
        for (int i = size.size() - 1; i >= 0; i--) {
          long n = (Long) size.get(i);
          contiguous &= n == 1 || (Long) stride.get(i) == expected;
          expected *= n;
          elements *= n;
        }
        return new ModulePickle.Tensor(s.key(), s.type(), offset, elements, contiguous);
      }
    }
    return NONE;
  }

  private List<Object> toMark() {
    List<Object> items = new ArrayList<>();
    for (Object o = stack.pop(); o != MARK; o = stack.pop()) {
      items.add(0, o);
    }
    return items;
  }

  private static void putAll(Map<Object, Object> d, List<Object> items) {
    for (int i = 0; i + 1 < items.size(); i += 2) {
      d.put(items.get(i), items.get(i + 1));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> cast(Map<?, ?> m) {
    return (Map<Object, Object>) m;
  }

  private static Map<Object, Object> dict(Object o) {
    if (o instanceof Map<?, ?> m) {
      return cast(m);
    }
    return new LinkedHashMap<>(); // items for an object we do not model: dropped
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return o instanceof List<?> l && !(l.getClass().getName().startsWith("java.util.ImmutableCollections"))
        ? (List<Object>) l : new ArrayList<>();
  }

  private String line() {
    int start = in.position();
    while (in.get() != '\n') {
      // scan to the newline
    }
    return new String(in.array(), start, in.position() - start - 1, StandardCharsets.UTF_8);
  }

  private String text(int length) {
    return new String(bytes(length), StandardCharsets.UTF_8);
  }

  private byte[] bytes(int length) {
    byte[] b = new byte[length];
    in.get(b);
    return b;
  }

  private Long littleEndian(int length) {
    byte[] b = bytes(length);
    long v = 0;
    for (int i = length - 1; i >= 0; i--) {
      v = (v << 8) | (b[i] & 0xff);
    }
    if (length > 0 && length < 8 && (b[length - 1] & 0x80) != 0) {
      v -= 1L << (8 * length);
    }
    return v;
  }
}
