namespace concord::mock {}
