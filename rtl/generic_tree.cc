// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/generic_tree.cc
// -----------------------------------------------------------------------------
//
// Core layer of the run-time library: splay and AVL rebalancing on intrusive
// links (rtl/generic_tree.h).

#include "rtl/generic_tree.h"

namespace rtl {

namespace tree_internal {

int Height(const BalancedLinks* n) { return n == nullptr ? 0 : n->height; }

void Update(BalancedLinks* n) {
  const int l = Height(n->left);
  const int r = Height(n->right);
  n->height = static_cast<uint8_t>(std::max(l, r) + 1);
  n->balance = static_cast<int8_t>(r - l);
}

void Retrace(BalancedLinks** root, BalancedLinks* n) {
  while (n != nullptr) {
    Update(n);
    BalancedLinks* parent = n->parent;
    if (n->balance > 1) {
      if (n->right->balance < 0) {
        RotateRight(root, n->right);
        Update(n->right->right);
        Update(n->right);
      }
      RotateLeft(root, n);
      Update(n);
      Update(n->parent);
      parent = n->parent->parent;
    } else if (n->balance < -1) {
      if (n->left->balance > 0) {
        RotateLeft(root, n->left);
        Update(n->left->left);
        Update(n->left);
      }
      RotateRight(root, n);
      Update(n);
      Update(n->parent);
      parent = n->parent->parent;
    }
    n = parent;
  }
}

}  // namespace tree_internal

using tree_internal::RotateLeft;
using tree_internal::RotateRight;

void Splay(SplayLinks** root, SplayLinks* x) {
  while (x->parent != nullptr) {
    SplayLinks* p = x->parent;
    SplayLinks* g = p->parent;
    if (g == nullptr) {
      if (x == p->left) {
        RotateRight(root, p);
      } else {
        RotateLeft(root, p);
      }
    } else if (x == p->left && p == g->left) {
      RotateRight(root, g);
      RotateRight(root, p);
    } else if (x == p->right && p == g->right) {
      RotateLeft(root, g);
      RotateLeft(root, p);
    } else if (x == p->right) {  // p == g->left
      RotateLeft(root, p);
      RotateRight(root, g);
    } else {  // x == p->left, p == g->right
      RotateRight(root, p);
      RotateLeft(root, g);
    }
  }
}

void SplayInsert(SplayLinks** root, SplayLinks* parent, TreeSearch where, SplayLinks* node) {
  tree_internal::Link(root, parent, where, node);
  Splay(root, node);
}

void SplayRemove(SplayLinks** root, SplayLinks* node) {
  Splay(root, node);
  SplayLinks* left = node->left;
  SplayLinks* right = node->right;
  if (left == nullptr) {
    *root = right;
    if (right != nullptr) right->parent = nullptr;
  } else {
    left->parent = nullptr;
    SplayLinks* sub = left;
    SplayLinks* max = Rightmost(left);
    Splay(&sub, max);  // max becomes the left subtree's root, with no right child
    max->right = right;
    if (right != nullptr) right->parent = max;
    *root = max;
  }
  node->parent = node->left = node->right = nullptr;
}

void AvlInsert(BalancedLinks** root, BalancedLinks* parent, TreeSearch where,
               BalancedLinks* node) {
  tree_internal::Link(root, parent, where, node);
  node->height = 1;
  node->balance = 0;
  tree_internal::Retrace(root, parent);
}

void AvlRemove(BalancedLinks** root, BalancedLinks* node) {
  BalancedLinks* retrace_from = nullptr;
  if (node->left != nullptr && node->right != nullptr) {
    // Move the successor (no left child) into node's place; the nodes keep
    // their identity (the data is the driver's), only links change.
    BalancedLinks* s = Leftmost(node->right);
    if (s->parent == node) {
      retrace_from = s;
    } else {
      retrace_from = s->parent;
      tree_internal::Replace(root, s, s->right);
      s->right = node->right;
      s->right->parent = s;
    }
    tree_internal::Replace(root, node, s);
    s->left = node->left;
    s->left->parent = s;
  } else {
    BalancedLinks* child = node->left != nullptr ? node->left : node->right;
    retrace_from = node->parent;
    tree_internal::Replace(root, node, child);
  }
  node->parent = node->left = node->right = nullptr;
  tree_internal::Retrace(root, retrace_from);
}

int AvlHeight(const BalancedLinks* root) { return tree_internal::Height(root); }

}  // namespace rtl
