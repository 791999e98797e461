// Pointer chasing: a singly linked list built in a static pool, reversed, merged-sorted, and a
// small open-addressing hash table.
#include "semihost.h"

struct Node {
  int32_t key;
  struct Node* next;
};

static struct Node g_pool[128];

static struct Node* merge(struct Node* a, struct Node* b) {
  struct Node head = {0, 0};
  struct Node* t = &head;
  while (a && b) {
    if (a->key <= b->key) {
      t->next = a;
      a = a->next;
    } else {
      t->next = b;
      b = b->next;
    }
    t = t->next;
  }
  t->next = a ? a : b;
  return head.next;
}

__attribute__((noinline)) static struct Node* merge_sort(struct Node* l) {
  if (!l || !l->next) return l;
  struct Node *slow = l, *fast = l->next;
  while (fast && fast->next) {
    slow = slow->next;
    fast = fast->next->next;
  }
  struct Node* right = slow->next;
  slow->next = 0;
  return merge(merge_sort(l), merge_sort(right));
}

enum { HSIZE = 256 };
static int32_t g_keys[HSIZE];
static uint8_t g_used[HSIZE];

static int insert(int32_t k) {
  uint32_t i = ((uint32_t)k * 2654435761u) >> 24;
  int probes = 0;
  while (g_used[i] && g_keys[i] != k) {
    i = (i + 1) & (HSIZE - 1);
    ++probes;
  }
  g_used[i] = 1;
  g_keys[i] = k;
  return probes;
}

int main(void) {
  struct Node* head = 0;
  uint32_t s = 7;
  for (int i = 0; i < 128; ++i) {
    s = s * 69069u + 1u;
    g_pool[i].key = (int32_t)(s >> 20) - 2048;
    g_pool[i].next = head;
    head = &g_pool[i];
  }
  struct Node* prev = 0;
  while (head) {
    struct Node* n = head->next;
    head->next = prev;
    prev = head;
    head = n;
  }
  head = merge_sort(prev);
  uint32_t h = FNV_INIT;
  int ordered = 1, count = 0;
  for (struct Node* n = head; n; n = n->next) {
    h = fnv1a(&n->key, 4, h);
    if (n->next && n->next->key < n->key) ordered = 0;
    ++count;
  }
  show_hex("list", h);
  show_int("ordered", ordered);
  show_int("count", count);
  int probes = 0;
  for (int i = 0; i < 200; ++i) probes += insert(i * 37 - 500);
  show_int("probes", probes);
  return ordered ? 59 : 6;
}
