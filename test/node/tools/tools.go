//go:build tools

// Package tools pins the Kubernetes node commands that build.sh compiles, from the same
// k8s.io/kubernetes module and version as the control plane (test/cluster/tools).
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
