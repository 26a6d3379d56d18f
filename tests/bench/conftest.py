def pytest_configure(config):
    config.addinivalue_line("markers", "bench: runs the page benchmark (bench/run.py) end to end at a tiny size; needs wrk")
