// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/generic_tree.h
// -----------------------------------------------------------------------------
//
// Core layer of the run-time library: the intrusive binary search trees
// behind the generic tables (rtl/wdk/generic_table.cc). The links live in
// the header of each node, which the driver's allocate routine provides, so
// the trees allocate nothing themselves. Two shapes:
//
//   SplayLinks     parent, left, right: a splay tree (the element touched is
//                  rotated to the root), the layout of RTL_SPLAY_LINKS.
//   BalancedLinks  parent, left, right, balance, height: an AVL tree (the
//                  heights of a node's subtrees differ by at most one), the
//                  layout of RTL_BALANCED_LINKS (height lives in its first
//                  reserved byte).
//
// The root's parent is null. Ordering comes from a comparison callable
// `int(Links*)` returning < 0 when the key sorts before the node, 0 when it
// matches, > 0 after; a tree never holds two matching nodes.
//
// Not thread-safe: the caller synchronizes, as generic-table callers must.

#ifndef RTL_GENERIC_TREE_H_
#define RTL_GENERIC_TREE_H_

#include <algorithm>
#include <cstdint>

namespace rtl {

struct SplayLinks {
  SplayLinks* parent;
  SplayLinks* left;
  SplayLinks* right;
};

struct BalancedLinks {
  BalancedLinks* parent;
  BalancedLinks* left;
  BalancedLinks* right;
  int8_t balance;  // height(right) - height(left): -1, 0 or 1
  uint8_t height;  // of the subtree rooted here, a leaf being 1
  uint8_t reserved[2];
};

enum class TreeSearch { kEmpty, kFound, kInsertLeft, kInsertRight };

// Find()
//
// Walks from `root`: returns kFound with *node the match, or where a new
// node would go (kInsertLeft / kInsertRight of *node, kEmpty for no root).
template <typename L, typename Compare>
TreeSearch Find(L* root, Compare&& compare, L** node) {
  *node = nullptr;
  if (root == nullptr) return TreeSearch::kEmpty;
  L* n = root;
  for (;;) {
    const int c = compare(n);
    if (c == 0) {
      *node = n;
      return TreeSearch::kFound;
    }
    L* next = c < 0 ? n->left : n->right;
    if (next == nullptr) {
      *node = n;
      return c < 0 ? TreeSearch::kInsertLeft : TreeSearch::kInsertRight;
    }
    n = next;
  }
}

// The leftmost node under `n` (null for null).
template <typename L>
L* Leftmost(L* n) {
  if (n == nullptr) return nullptr;
  while (n->left != nullptr) n = n->left;
  return n;
}

template <typename L>
L* Rightmost(L* n) {
  if (n == nullptr) return nullptr;
  while (n->right != nullptr) n = n->right;
  return n;
}

// The in-order successor (predecessor) of `n`, or null.
template <typename L>
L* Successor(L* n) {
  if (n->right != nullptr) return Leftmost(n->right);
  while (n->parent != nullptr && n == n->parent->right) n = n->parent;
  return n->parent;
}

template <typename L>
L* Predecessor(L* n) {
  if (n->left != nullptr) return Rightmost(n->left);
  while (n->parent != nullptr && n == n->parent->left) n = n->parent;
  return n->parent;
}

namespace tree_internal {

template <typename L>
void Replace(L** root, L* old_child, L* new_child) {
  L* p = old_child->parent;
  if (p == nullptr) {
    *root = new_child;
  } else if (p->left == old_child) {
    p->left = new_child;
  } else {
    p->right = new_child;
  }
  if (new_child != nullptr) new_child->parent = p;
}

template <typename L>
void RotateLeft(L** root, L* x) {
  L* y = x->right;
  x->right = y->left;
  if (y->left != nullptr) y->left->parent = x;
  Replace(root, x, y);
  y->left = x;
  x->parent = y;
}

template <typename L>
void RotateRight(L** root, L* x) {
  L* y = x->left;
  x->left = y->right;
  if (y->right != nullptr) y->right->parent = x;
  Replace(root, x, y);
  y->right = x;
  x->parent = y;
}

template <typename L>
void Link(L** root, L* parent, TreeSearch where, L* node) {
  node->left = nullptr;
  node->right = nullptr;
  node->parent = parent;
  if (where == TreeSearch::kEmpty) {
    *root = node;
  } else if (where == TreeSearch::kInsertLeft) {
    parent->left = node;
  } else {
    parent->right = node;
  }
}

int Height(const BalancedLinks* n);
void Update(BalancedLinks* n);
// Rebalances from `n` up to the root after an insertion or removal below it.
void Retrace(BalancedLinks** root, BalancedLinks* n);

}  // namespace tree_internal

// --- splay trees --------------------------------------------------------------------

// Rotates `x` to the root.
void Splay(SplayLinks** root, SplayLinks* x);

// Links `node` where Find said and splays it to the root.
void SplayInsert(SplayLinks** root, SplayLinks* parent, TreeSearch where, SplayLinks* node);

// Unlinks `node` (splaying it to the root first, then joining its subtrees).
void SplayRemove(SplayLinks** root, SplayLinks* node);

// --- AVL trees ----------------------------------------------------------------------

void AvlInsert(BalancedLinks** root, BalancedLinks* parent, TreeSearch where,
               BalancedLinks* node);
void AvlRemove(BalancedLinks** root, BalancedLinks* node);
// The height of the tree (0 for an empty one).
int AvlHeight(const BalancedLinks* root);

}  // namespace rtl

#endif  // RTL_GENERIC_TREE_H_
