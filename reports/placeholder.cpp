namespace concord::report {}
