namespace concord::conformance {}
