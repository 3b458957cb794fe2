// A shared library without the plugin entry point (microaot must refuse it).
extern "C" int not_a_microaot_plugin(void) {
    return 42;
}
