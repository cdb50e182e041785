# The web app embedded in evp (included by the top-level CMakeLists.txt). Defines the static
# library evp_ui_assets: ${CMAKE_BINARY_DIR}/generated/embedded_assets.cpp, made by
# cmake/embed_assets.cmake from one folder of files:
# - EVP_UI_DIST_OVERRIDE set: that folder as it is (tests of the embedding, prebuilt apps);
# - else, EVP_UI ON and ui/package.json present: the web app built with npm: `npm ci` in ui/
#   (node_modules stays in ui/node_modules; re-run when package.json or package-lock.json
#   change), then `npm run build -- --outDir ${CMAKE_BINARY_DIR}/ui-dist --emptyOutDir`
#   (re-run when anything under ui/src, ui/public or ui/tests, ui/index.html, ui/vite.config.*
#   or ui/tsconfig*.json changes);
# - else: a placeholder page saying the web app was not built (cmake/ui_placeholder/).
option(EVP_UI "Build the web app in ui/ with npm and embed it in evp (else a placeholder page)"
       ON)
set(EVP_UI_DIST_OVERRIDE "" CACHE PATH
    "Embed this folder (index.html, assets/...) instead of building ui/")

set(EVP_UI_DIR ${CMAKE_SOURCE_DIR}/ui)
set(EVP_UI_GENERATED ${CMAKE_BINARY_DIR}/generated/embedded_assets.cpp)

if(EVP_UI_DIST_OVERRIDE)
  set(ui_assets_dir ${EVP_UI_DIST_OVERRIDE})
  file(GLOB_RECURSE ui_assets_deps CONFIGURE_DEPENDS ${EVP_UI_DIST_OVERRIDE}/*)
  message(STATUS "evp ui: embedding ${EVP_UI_DIST_OVERRIDE} (EVP_UI_DIST_OVERRIDE)")
elseif(EVP_UI AND EXISTS ${EVP_UI_DIR}/package.json)
  find_program(EVP_NPM npm)
  if(NOT EVP_NPM)
    message(FATAL_ERROR "EVP_UI is ON and ui/ holds the web app, but npm was not found: install "
                        "Node.js (20 or later) and npm, or configure with -DEVP_UI=OFF to build "
                        "evp with a placeholder page instead.")
  endif()
  set(npm_installed ${CMAKE_BINARY_DIR}/ui-npm-ci.stamp)
  add_custom_command(
    OUTPUT ${npm_installed}
    COMMAND ${CMAKE_COMMAND} -DNPM=${EVP_NPM} -DUI_DIR=${EVP_UI_DIR} -DSTEP=install
            -P ${CMAKE_SOURCE_DIR}/cmake/npm_step.cmake
    COMMAND ${CMAKE_COMMAND} -E touch ${npm_installed}
    DEPENDS ${EVP_UI_DIR}/package.json ${EVP_UI_DIR}/package-lock.json
            ${CMAKE_SOURCE_DIR}/cmake/npm_step.cmake
    COMMENT "Installing the web app's packages (npm ci in ui/)"
    VERBATIM USES_TERMINAL)
  file(GLOB_RECURSE ui_sources CONFIGURE_DEPENDS
       ${EVP_UI_DIR}/src/* ${EVP_UI_DIR}/public/* ${EVP_UI_DIR}/tests/*
       ${EVP_UI_DIR}/index.html ${EVP_UI_DIR}/vite.config.* ${EVP_UI_DIR}/tsconfig*.json)
  set(ui_assets_dir ${CMAKE_BINARY_DIR}/ui-dist)
  set(ui_built ${CMAKE_BINARY_DIR}/ui-dist.stamp)
  add_custom_command(
    OUTPUT ${ui_built}
    COMMAND ${CMAKE_COMMAND} -DNPM=${EVP_NPM} -DUI_DIR=${EVP_UI_DIR} -DSTEP=build
            -DOUT_DIR=${ui_assets_dir} -P ${CMAKE_SOURCE_DIR}/cmake/npm_step.cmake
    COMMAND ${CMAKE_COMMAND} -E touch ${ui_built}
    DEPENDS ${npm_installed} ${ui_sources} ${EVP_UI_DIR}/package.json
    COMMENT "Building the web app (npm run build in ui/)"
    VERBATIM USES_TERMINAL)
  set(ui_assets_deps ${ui_built})
else()
  set(ui_assets_dir ${CMAKE_SOURCE_DIR}/cmake/ui_placeholder)
  file(GLOB_RECURSE ui_assets_deps CONFIGURE_DEPENDS ${ui_assets_dir}/*)
  if(EVP_UI)
    message(STATUS "evp ui: no ui/package.json; embedding a placeholder page")
  endif()
endif()

add_custom_command(
  OUTPUT ${EVP_UI_GENERATED}
  COMMAND ${CMAKE_COMMAND} -DASSETS_DIR=${ui_assets_dir} -DOUTPUT=${EVP_UI_GENERATED}
          -P ${CMAKE_SOURCE_DIR}/cmake/embed_assets.cmake
  DEPENDS ${ui_assets_deps} ${CMAKE_SOURCE_DIR}/cmake/embed_assets.cmake
  COMMENT "Embedding the web app from ${ui_assets_dir}"
  VERBATIM)
add_library(evp_ui_assets STATIC ${EVP_UI_GENERATED})
target_include_directories(evp_ui_assets PUBLIC ${CMAKE_SOURCE_DIR}/src)
target_compile_options(evp_ui_assets PRIVATE ${EVP_COMMON_OPTIONS})
